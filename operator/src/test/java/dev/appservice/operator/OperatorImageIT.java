package dev.appservice.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.appservice.operator.config.OperatorConfig;
import dev.appservice.operator.fixtures.HelmChart;
import dev.appservice.operator.fixtures.ImageTarball;
import dev.appservice.operator.fixtures.TestCrds;
import dev.appservice.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the operator image that jib:buildTar wrote in the package phase (on an empty base: CI has
 * no registry or container runtime): its configuration, its contents, that the chart deploys it by
 * default, and that its entrypoint, run with this JDK on the extracted layers, becomes a ready
 * leader against the real API server.
 */
class OperatorImageIT {

  @RegisterExtension static final TestCluster cluster = new TestCluster();

  static ImageTarball image;

  @BeforeAll
  static void readImage() throws IOException {
    image = ImageTarball.read(Path.of("target/jib-image.tar"));
  }

  @Test
  void runsAsNonRootWithJvmFlagsForAReadOnlyContainer() {
    assertThat(image.config().get("User").asText()).isEqualTo("65532:65532");
    assertThat(image.entrypoint())
        .startsWith("java")
        .contains(
            "-XX:MaxRAMPercentage=60",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:-UsePerfData",
            "-Djava.io.tmpdir=/tmp")
        .endsWith("-cp", "@/app/jib-classpath-file", OperatorMain.class.getName());
    assertThat(image.config().get("Cmd")).isNull();
    assertThat(image.exposedPorts()).containsExactly("8080/tcp");
  }

  @Test
  void layersHoldTheOperatorItsResourcesAndItsClassPath() {
    assertThat(image.files())
        .containsKeys(
            "app/jib-classpath-file",
            "app/classes/dev/appservice/operator/OperatorMain.class",
            "app/classes/dev/appservice/operator/reconciler/AppServiceReconciler.class",
            "app/resources/logback.xml");
    var classPath = new String(image.files().get("app/jib-classpath-file")).trim().split(":");
    assertThat(classPath).contains("/app/classes", "/app/resources");
    assertThat(classPath)
        .filteredOn(entry -> entry.startsWith("/app/libs/"))
        .isNotEmpty()
        .allSatisfy(jar -> assertThat(image.files()).containsKey(jar.substring(1)))
        .anySatisfy(jar -> assertThat(jar).contains("operator-framework-core"))
        .anySatisfy(jar -> assertThat(jar).contains("appservice-env-contract"));
  }

  @Test
  void chartDeploysThisImageByDefault() {
    var deployment =
        new HelmChart()
            .render(cluster.client(), "operator", cluster.namespace(), "").stream()
                .filter(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .findFirst()
                .orElseThrow();
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo(image.name());
    assertThat(image.exposedPorts())
        .containsExactly(container.getPorts().get(0).getContainerPort() + "/tcp");
  }

  @Test
  void entrypointRunsTheOperatorToReadyAndLeader(@TempDir Path root) throws Exception {
    TestCrds.install(cluster.client());
    image.extractTo(root);
    int port = freePort();
    var env =
        Map.of(
            "KUBECONFIG",
            Files.writeString(root.resolve("kubeconfig"), cluster.server().kubeConfigYaml())
                .toString(),
            "WATCH_NAMESPACES",
            cluster.namespace(),
            "POD_NAMESPACE",
            cluster.namespace(),
            "POD_NAME",
            "operator-image-0",
            "HTTP_PORT",
            Integer.toString(port));
    var log = root.resolve("operator.log");
    var process = start(root, env, log);
    try {
      var leases = cluster.client().resources(Lease.class).withName(OperatorConfig.LEASE_NAME);
      await()
          .atMost(Duration.ofMinutes(2))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                assertThat(process.isAlive()).as("exited:%n%s", Files.readString(log)).isTrue();
                assertThat(leases.get().getSpec().getHolderIdentity())
                    .isEqualTo("operator-image-0");
              });
      // As leader its controller has started: ready means every informer is connected.
      await()
          .atMost(Duration.ofMinutes(1))
          .ignoreExceptions()
          .untilAsserted(() -> assertThat(status(port, "/readyz")).isEqualTo(200));
      assertThat(status(port, "/healthz")).isEqualTo(200);
      // logback.xml from the image: one JSON object per line.
      await()
          .untilAsserted(
              () ->
                  assertThat(Files.readString(log))
                      .contains("\"appservice-operator started, watching ["));

      // SIGTERM, as the kubelet sends it: the leader gives up the Lease and exits promptly
      // instead of hanging until the grace period ends.
      process.destroy();
      assertThat(process.waitFor(20, TimeUnit.SECONDS))
          .as("exits on SIGTERM:%n%s", Files.readString(log))
          .isTrue();
    } finally {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** The image's entrypoint with this JDK's java and the class path moved under {@code root}. */
  private static Process start(Path root, Map<String, String> env, Path log) throws IOException {
    var classPath =
        Files.readString(root.resolve("app/jib-classpath-file"))
            .trim()
            .replace("/app/", root.resolve("app") + "/");
    var classPathFile = Files.writeString(root.resolve("classpath"), classPath);
    var command = new ArrayList<String>();
    for (var arg : image.entrypoint()) {
      command.add(
          switch (arg) {
            case "java" -> Path.of(System.getProperty("java.home"), "bin", "java").toString();
            case "@/app/jib-classpath-file" -> "@" + classPathFile;
            default -> arg;
          });
    }
    var builder =
        new ProcessBuilder(command)
            .directory(root.resolve("app").toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    return builder.start();
  }

  private static int status(int port, String path) throws Exception {
    try (var http = HttpClient.newHttpClient()) {
      var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
