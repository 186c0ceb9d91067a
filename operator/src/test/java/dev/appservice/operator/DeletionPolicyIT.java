package dev.appservice.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.appservice.operator.api.cnpg.v1.Cluster;
import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.api.v1alpha1.DeletionPolicy;
import dev.appservice.operator.api.v1alpha1.ExternalDatabaseSpec;
import dev.appservice.operator.api.v1alpha1.IngressSpec;
import dev.appservice.operator.api.v1alpha1.SecretReference;
import dev.appservice.operator.fixtures.RunningOperator;
import dev.appservice.operator.fixtures.Scenario;
import dev.appservice.operator.fixtures.TestCrds;
import dev.appservice.operator.status.Conditions;
import dev.appservice.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Topics and database outlive the AppService unless deletionPolicy is Delete; parts whose spec was
 * removed are still found and cleaned up.
 */
class DeletionPolicyIT {

  @RegisterExtension static final TestCluster cluster = new TestCluster();
  static Scenario scenario;
  static RunningOperator operator;

  @BeforeAll
  static void start() {
    TestCrds.install(cluster.client());
    scenario = new Scenario(cluster);
    operator = RunningOperator.start(cluster.server().adminConfig(), cluster.namespace());
  }

  @AfterAll
  static void stop() {
    operator.close();
    scenario.deleteKafkaNamespace();
  }

  @Test
  void retainKeepsTopicsAndDatabase() {
    scenario.create(scenario.app("kept"));
    scenario.driveToReady("kept");
    deleteAndAwaitGone("kept");
    assertThat(scenario.topic("kept", "input")).isNotNull();
    assertThat(scenario.topic("kept", "output")).isNotNull();
    assertThat(scenario.topic("kept", "dlq")).isNotNull();
    assertThat(scenario.get(Cluster.class, "kept-db")).isNotNull();
  }

  @Test
  void deleteRemovesTopicsAndDatabase() {
    var app = scenario.app("dropped");
    app.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
    scenario.create(app);
    scenario.driveToReady("dropped");
    deleteAndAwaitGone("dropped");
    await().until(() -> scenario.topic("dropped", "input") == null);
    assertThat(scenario.topic("dropped", "output")).isNull();
    assertThat(scenario.topic("dropped", "dlq")).isNull();
    await().until(() -> scenario.get(Cluster.class, "dropped-db") == null);
  }

  @Test
  void switchingTheDatabaseModeIsRefusedAndTheDatabaseKept() {
    var app = scenario.app("switched");
    app.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
    scenario.create(app);
    scenario.driveToReady("switched");
    // The new database would start empty: the API server refuses the switch.
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                edit(
                    "switched",
                    a -> {
                      var external = new ExternalDatabaseSpec();
                      external.setSecretRef(new SecretReference("switched-external-db"));
                      a.getSpec().getDatabase().setCloudNativePG(null);
                      a.getSpec().getDatabase().setExternal(external);
                    }))
        .hasMessageContaining("cannot change on a running AppService");
    assertThat(scenario.get(Cluster.class, "switched-db")).isNotNull();
    assertThat(scenario.condition("switched", Conditions.READY).getStatus()).isEqualTo("True");
    deleteAndAwaitGone("switched");
    await().until(() -> scenario.get(Cluster.class, "switched-db") == null);
  }

  @Test
  void removingTheIngressFromTheSpecDeletesIt() {
    var app = scenario.app("exposed");
    var ingress = new IngressSpec();
    ingress.setHost("exposed.example.com");
    app.getSpec().getApi().setIngress(ingress);
    scenario.create(app);
    scenario.driveToReady("exposed");
    await().until(() -> scenario.get(Ingress.class, "exposed-api") != null);

    edit("exposed", a -> a.getSpec().getApi().setIngress(null));
    await().until(() -> scenario.get(Ingress.class, "exposed-api") == null);
    await()
        .until(
            () -> scenario.condition("exposed", Conditions.READY),
            c -> "True".equals(c.getStatus()));
  }

  private static void edit(String name, Consumer<AppService> change) {
    cluster
        .client()
        .resources(AppService.class)
        .inNamespace(cluster.namespace())
        .withName(name)
        .edit(
            a -> {
              change.accept(a);
              return a;
            });
  }

  private static void deleteAndAwaitGone(String name) {
    assertThat(scenario.get(name).getMetadata().getFinalizers()).isNotEmpty();
    cluster
        .client()
        .resources(AppService.class)
        .inNamespace(cluster.namespace())
        .withName(name)
        .delete();
    await().until(() -> scenario.get(name) == null);
  }
}
