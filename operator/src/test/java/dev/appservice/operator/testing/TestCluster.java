package dev.appservice.operator.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension that gives a test class the shared real API server ({@link KubeApiServer}) and a
 * namespace of its own:
 *
 * <pre>{@code
 * @RegisterExtension static final TestCluster cluster = new TestCluster();
 * ... cluster.client().configMaps().inNamespace(cluster.namespace()) ...
 * }</pre>
 *
 * <p>No controllers run on this server: namespaces are never finalized and garbage collection does
 * not happen, so the namespace is deleted on a best-effort basis and names are randomized.
 */
public final class TestCluster implements BeforeAllCallback, AfterAllCallback {

  private KubernetesClient client;
  private String namespace;

  @Override
  public void beforeAll(ExtensionContext context) {
    namespace = namespaceFor(context.getRequiredTestClass());
    client = newClient(server().adminConfig());
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (client != null) {
      client.namespaces().withName(namespace).delete();
      client.close();
    }
  }

  /** Cluster-admin client whose default namespace is this class's namespace. */
  public KubernetesClient client() {
    return client;
  }

  /** The namespace created for this test class. */
  public String namespace() {
    return namespace;
  }

  /** The shared API server, e.g. for its admin kubeconfig. */
  public KubeApiServer server() {
    return KubeApiServer.shared();
  }

  /** A new client for the given configuration, defaulting to this class's namespace. */
  public KubernetesClient newClient(Config config) {
    config.setNamespace(namespace);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  static String namespaceFor(Class<?> testClass) {
    String base = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
    return (base.length() > 50 ? base.substring(0, 50) : base) + "-" + suffix;
  }
}
