package dev.appservice.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.fixtures.TestCrds;
import dev.appservice.operator.model.Api;
import dev.appservice.operator.model.Database;
import dev.appservice.operator.model.DesiredState;
import dev.appservice.operator.model.KafkaTopics;
import dev.appservice.operator.model.KafkaUsers;
import dev.appservice.operator.model.Naming;
import dev.appservice.operator.model.NetworkAccess;
import dev.appservice.operator.model.Workers;
import dev.appservice.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest under examples/ is accepted by the API server and yields a desired state. */
class ExamplesIT {

  static final Path EXAMPLES = Path.of("../examples");

  @org.junit.jupiter.api.extension.RegisterExtension
  static final TestCluster cluster = new TestCluster();

  @BeforeAll
  static void crds() {
    TestCrds.install(cluster.client());
  }

  static Stream<Path> examples() throws IOException {
    // The manifests beside the examples, and the one of each example project (examples/<name>/).
    try (var files = Files.walk(EXAMPLES, 2)) {
      List<Path> yaml =
          files
              .filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
      assertThat(yaml).isNotEmpty();
      return yaml.stream();
    }
  }

  private static void ensureNamespace(
      io.fabric8.kubernetes.client.KubernetesClient client, String name) {
    if (client.namespaces().withName(name).get() == null) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleIsAcceptedAndRenders(Path example) throws IOException {
    var client = cluster.client();
    var namespace =
        cluster.namespace() + "-" + Integer.toHexString(example.getFileName().hashCode() & 0xffff);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    try (InputStream in = Files.newInputStream(example)) {
      for (var item : client.load(in).items()) {
        client.resource(item).inNamespace(namespace).create();
      }
    }
    var apps = client.resources(AppService.class).inNamespace(namespace).list().getItems();
    assertThat(apps).as("AppServices in %s", example).isNotEmpty();
    for (var app : apps) {
      // Built from what the API server stored, schema defaults included.
      assertThat(KafkaTopics.input(app).getSpec().getPartitions())
          .isEqualTo(app.getSpec().getPartitions());
      assertThat(Workers.statefulSet(app).getSpec().getReplicas())
          .isEqualTo(app.getSpec().getPartitions());
      assertThat(Api.deployment(app).getSpec().getReplicas())
          .isEqualTo(app.getSpec().getApi().getReplicas());
      assertThat(KafkaUsers.worker(app)).isNotNull();
      if (app.getSpec().getDatabase().usesCloudNativePG()) {
        assertThat(Database.cluster(app).getSpec().instances()).isPositive();
      }
      if (app.getSpec().getApi().getIngress() != null) {
        assertThat(Api.ingress(app).getSpec().getRules()).hasSize(1);
      }
      // What `appservice render` prints is what the API server accepts (a server-side dry run).
      ensureNamespace(client, Naming.kafkaNamespace(app));
      for (var object : DesiredState.of(app, NetworkAccess.OPEN)) {
        var accepted = client.resource(object).dryRun().create();
        assertThat(accepted.getMetadata().getName())
            .as("%s %s", object.getKind(), object.getMetadata().getName())
            .isEqualTo(object.getMetadata().getName());
      }
    }
    client.namespaces().withName(namespace).delete();
  }
}
