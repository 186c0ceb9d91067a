package dev.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.appservice.kit.ImageTarball;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handler's image, from the tarball jib:buildTar wrote in the package phase: the runtime image
 * with the handler's jar layered on, and the runtime in it finding the handler.
 */
class HandlerImageIT {
  private static ImageTarball runtime;
  private static ImageTarball image;

  @BeforeAll
  static void read() throws Exception {
    runtime = ImageTarball.read(Path.of("../../worker-image/target/jib-image.tar"));
    image = ImageTarball.read(Path.of("target/jib-image.tar"));
  }

  @Test
  void isTheRuntimeImagePlusTheHandlersJarOnly() {
    int base = runtime.layers().size();
    assertThat(image.layers()).hasSizeGreaterThan(base);
    for (int i = 0; i < base; i++) {
      assertThat(image.layers().get(i).keySet()).isEqualTo(runtime.layers().get(i).keySet());
    }
    List<String> added = new ArrayList<>();
    image.layers().subList(base, image.layers().size()).forEach(l -> added.addAll(l.keySet()));
    assertThat(added).allSatisfy(path -> assertThat(path).startsWith("app/handlers/orders/"));
    // The handler API is the runtime's: the handler brings its own jar and nothing else.
    assertThat(added)
        .filteredOn(path -> path.endsWith(".jar"))
        .singleElement()
        .satisfies(
            jar ->
                assertThat(jar).matches("app/handlers/orders/classpath/orders-handler-.*\\.jar"));
  }

  @Test
  void keepsTheRuntimesEntrypointUserAndPorts() {
    assertThat(image.config()).contains("\"User\":\"65532:65532\"");
    assertThat(entrypoint(image)).isEqualTo(entrypoint(runtime));
    assertThat(image.config()).contains("\"8080/tcp\"", "\"9090/tcp\"");
  }

  @Test
  void theRuntimeInTheImageFindsTheHandler(@TempDir Path root) throws Exception {
    Path argFile = image.unpack(root);
    // A handler name that is not there: the runtime lists the ones it found, and exits.
    ProcessBuilder run =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dappservice.handlers.dir=" + root.resolve("app/handlers"),
                "-cp",
                "@" + argFile,
                "dev.appservice.runtime.RuntimeMain",
                "worker")
            .redirectErrorStream(true);
    run.environment().clear();
    run.environment()
        .putAll(
            Map.of(
                "APPSERVICE_NAME", "orders",
                "KAFKA_BOOTSTRAP_SERVERS", "localhost:1",
                "INPUT_TOPIC", "shop.orders.commands",
                "OUTPUT_TOPIC", "shop.orders.events",
                "PARTITIONS", "1",
                "PARTITION", "0",
                "DATABASE_URL", "postgresql://u:p@localhost:1/app",
                "HANDLER", "no-such-handler"));
    Process process = run.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(output).contains("handlers on the class path: [document, orders]");
    assertThat(process.exitValue()).isEqualTo(2);
  }

  private static String entrypoint(ImageTarball tarball) {
    String config = tarball.config();
    int start = config.indexOf("\"Entrypoint\"");
    return config.substring(start, config.indexOf(']', start) + 1);
  }
}
