package dev.appservice.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs generated from the model (target/classes/META-INF/fabric8) must equal the committed
 * copies in crds/ and in the Helm chart, so a model change cannot ship with a stale CRD.
 */
class CrdsAreCommittedTest {

  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  private static final Path REPO = Path.of("..");
  private static final String REFRESH = "Refresh them with: operator/update-crds.sh";

  @Test
  void committedCrdsMatchTheModel() throws IOException {
    try (Stream<Path> files = Files.list(GENERATED)) {
      var generated = files.filter(p -> p.toString().endsWith(".yml")).toList();
      assertThat(generated).as("generated CRDs").isNotEmpty();
      for (var crd : generated) {
        var name = crd.getFileName().toString();
        for (var copy :
            new Path[] {
              REPO.resolve("crds").resolve(name),
              REPO.resolve("charts/appservice-operator/crds").resolve(name)
            }) {
          assertThat(copy).as("%s is missing. %s", copy, REFRESH).exists();
          assertThat(Files.readString(copy))
              .as("%s is stale. %s", copy, REFRESH)
              .isEqualTo(Files.readString(crd));
        }
      }
    }
  }
}
