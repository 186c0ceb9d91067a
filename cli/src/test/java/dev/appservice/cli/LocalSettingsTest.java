package dev.appservice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSettingsTest {

  @Test
  void theExampleManifestGivesNamePartitionsAndTopics() throws Exception {
    var settings = LocalSettings.fromManifest(Path.of("../examples/customers.yaml"), 8080);
    assertThat(settings)
        .isEqualTo(
            new LocalSettings(
                "customers",
                3,
                "shop.customers.commands",
                "shop.customers.events",
                "document",
                8080,
                List.of("https://customers-ui.example.com", "http://localhost:3000")));
  }

  @Test
  void defaultsNameTheTopicsAfterTheApp() {
    assertThat(LocalSettings.defaults("orders", 2, 0).inputTopic()).isEqualTo("orders.commands");
  }

  @Test
  void aManifestWithoutPartitionsNamesTheField(@TempDir Path dir) throws Exception {
    var file =
        Files.writeString(
            dir.resolve("a.yaml"),
            """
            apiVersion: appservice.dev/v1alpha1
            kind: AppService
            metadata: {name: orders}
            spec: {input: {topic: a}, output: {topic: b}}
            """);
    assertThatThrownBy(() -> LocalSettings.fromManifest(file, 0))
        .hasMessageContaining("spec.partitions is required");
  }

  @Test
  void somethingElseThanAnAppServiceIsRejected(@TempDir Path dir) throws Exception {
    var file = Files.writeString(dir.resolve("cm.yaml"), "kind: ConfigMap\n");
    assertThatThrownBy(() -> LocalSettings.fromManifest(file, 0)).hasMessageContaining("kind");
  }

  @Test
  void zeroPartitionsAreRejected() {
    assertThatThrownBy(() -> LocalSettings.defaults("orders", 0, 0))
        .hasMessageContaining("partitions must be at least 1");
  }
}
