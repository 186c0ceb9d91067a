package dev.appservice.operator.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real kube-apiserver + etcd per test JVM, started on first use and stopped when the JVM exits.
 * Starting it costs seconds; sharing it keeps the integration tests fast, and every test class
 * isolates itself in its own namespace (see {@link TestCluster}).
 */
public final class KubeApiServer {

  private static final Logger LOG = LoggerFactory.getLogger(KubeApiServer.class);

  /** The directory hack/kube-binaries.sh fills; failsafe passes it as a system property. */
  static final String DIR_PROPERTY = "kube-api-test.dir";

  private static KubeApiServer instance;

  private final KubeAPIServer server;
  private final String kubeConfigYaml;

  private KubeApiServer(KubeAPIServer server) {
    this.server = server;
    this.kubeConfigYaml = server.getKubeConfigYaml();
  }

  /** The shared server, started on the first call. */
  public static synchronized KubeApiServer shared() {
    if (instance == null) {
      instance = start();
      Runtime.getRuntime().addShutdownHook(new Thread(instance.server::stop, "kube-api-stop"));
    }
    return instance;
  }

  private static KubeApiServer start() {
    Path dir = binariesDir();
    boolean binariesPresent = hasBinaries(dir);
    LOG.info(
        "Starting kube-apiserver + etcd from {} ({})",
        dir,
        binariesPresent ? "cached binaries" : "binaries missing, kube-api-test may download");
    // Boolean and integer settings go through the builder: their environment variables are
    // read with a failing cast in fabric8 <= 7.8.0.
    var config =
        KubeAPIServerConfigBuilder.anAPIServerConfig()
            .withTestDir(dir.toString())
            .withOfflineMode(binariesPresent)
            .withUpdateKubeConfig(false)
            .withWaitForEtcdHealthCheckOnStartup(true)
            .withStartupTimeout(120_000)
            .build();
    var server = new KubeAPIServer(config);
    long started = System.nanoTime();
    server.start();
    LOG.info("kube-apiserver ready in {} ms", (System.nanoTime() - started) / 1_000_000);
    return new KubeApiServer(server);
  }

  static Path binariesDir() {
    String configured = System.getProperty(DIR_PROPERTY, System.getenv("KUBE_API_TEST_DIR"));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "appservice-operator", "kubeapitest");
  }

  private static boolean hasBinaries(Path dir) {
    Path k8s = dir.resolve("k8s");
    if (!Files.isDirectory(k8s)) {
      return false;
    }
    try (Stream<Path> versions = Files.list(k8s)) {
      return versions.anyMatch(
          v ->
              Files.isExecutable(v.resolve("kube-apiserver"))
                  && Files.isExecutable(v.resolve("etcd"))
                  && Files.isExecutable(v.resolve("kubectl")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Cluster-admin configuration for the shared server. */
  public Config adminConfig() {
    return Config.fromKubeconfig(kubeConfigYaml);
  }

  /** The admin kubeconfig, e.g. for running kubectl against the server. */
  public String kubeConfigYaml() {
    return kubeConfigYaml;
  }
}
