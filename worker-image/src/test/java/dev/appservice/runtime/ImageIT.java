package dev.appservice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.appservice.contract.RuntimeEnv;
import dev.appservice.contract.RuntimeValues;
import dev.appservice.kit.ImageTarball;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the image that jib:buildTar wrote in the package phase (on an empty base, since CI has no
 * registry): its configuration, and that its layers hold a runnable application.
 */
class ImageIT {
  private static final ObjectMapper json = new ObjectMapper();
  private static JsonNode config;
  private static Map<String, byte[]> files;
  private static ImageTarball image;

  @BeforeAll
  static void readImage() throws Exception {
    image = ImageTarball.read(Path.of("target/jib-image.tar"));
    config = json.readTree(image.config()).get("config");
    files = image.files();
  }

  @Test
  void runsAsNonRootWithOneEntrypointAndBothPorts() {
    assertThat(config.get("User").asText()).isEqualTo("65532:65532");
    assertThat(config.get("Entrypoint"))
        .extracting(JsonNode::asText)
        .startsWith("java")
        .contains("-Djava.io.tmpdir=/tmp", "-XX:-UsePerfData")
        .endsWith("-cp", "@/app/jib-classpath-file", "dev.appservice.runtime.RuntimeMain");
    assertThat(config.get("Cmd")).isNull();
    assertThat(config.get("ExposedPorts").properties())
        .extracting(Map.Entry::getKey)
        .containsExactlyInAnyOrder("8080/tcp", "9090/tcp");
    assertThat(config.get("Env")).extracting(JsonNode::asText).contains("APPSERVICE_MODE=worker");
    // The image's default (set in the pom) is the contract's worker mode.
    assertThat(config.get("Env"))
        .extracting(JsonNode::asText)
        .contains(RuntimeEnv.APPSERVICE_MODE + "=" + RuntimeValues.MODE_WORKER);
  }

  @Test
  void classPathHoldsTheEnvContract() {
    String[] classPath = new String(files.get("app/jib-classpath-file")).trim().split(":");
    assertThat(classPath)
        .filteredOn(entry -> entry.startsWith("/app/libs/"))
        .allSatisfy(jar -> assertThat(files).containsKey(jar.substring(1)))
        .anySatisfy(jar -> assertThat(jar).contains("appservice-env-contract"));
  }

  @Test
  void layersHoldTheRuntimeAndItsClassPath(@TempDir Path root) throws Exception {
    assertThat(files)
        .containsKeys(
            "app/jib-classpath-file", "app/classes/dev/appservice/runtime/RuntimeMain.class");
    Process process = runEntrypoint(root, List.of("api"), Map.of());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(output).contains("APPSERVICE_NAME is required but not set");
    assertThat(process.exitValue()).isEqualTo(2);
  }

  /** Runs the image's entrypoint with this JDK on the extracted layers (no container runtime). */
  private static Process runEntrypoint(Path root, List<String> args, Map<String, String> env)
      throws Exception {
    Path argFile = image.unpack(root);
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                "@" + argFile,
                "dev.appservice.runtime.RuntimeMain"));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(env);
    return builder.start();
  }
}
