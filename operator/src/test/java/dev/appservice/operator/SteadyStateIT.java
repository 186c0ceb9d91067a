package dev.appservice.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.appservice.operator.fixtures.RunningOperator;
import dev.appservice.operator.fixtures.Scenario;
import dev.appservice.operator.fixtures.TestCrds;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Restarts converge, and a steady state costs the API server no writes. */
class SteadyStateIT {

  @RegisterExtension
  static final dev.appservice.operator.testing.TestCluster cluster =
      new dev.appservice.operator.testing.TestCluster();

  static Scenario scenario;

  @BeforeAll
  static void crds() {
    TestCrds.install(cluster.client());
    scenario = new Scenario(cluster);
  }

  @AfterAll
  static void cleanUp() {
    scenario.deleteKafkaNamespace();
  }

  @Test
  void restartMidReconcileConverges() {
    try (var first = RunningOperator.start(cluster.server().adminConfig(), cluster.namespace())) {
      scenario.create(scenario.app("restarted"));
      await().until(() -> scenario.topic("restarted", "input") != null);
    }
    // Down: the world moves on without the operator.
    for (var role : new String[] {"input", "output", "dlq"}) {
      var topic = scenario.topic("restarted", role);
      if (topic != null) {
        scenario.others().topicReports(topic, "True", null, null);
      }
    }
    try (var second = RunningOperator.start(cluster.server().adminConfig(), cluster.namespace())) {
      scenario.driveToReady("restarted");
      assertThat(scenario.get(StatefulSet.class, "restarted-worker").getSpec().getReplicas())
          .isEqualTo(3);
    }
  }

  @Test
  void resyncWithNothingChangedIssuesNoWriteRequest() {
    try (var operator =
        RunningOperator.start(cluster.server().adminConfig(), cluster.namespace())) {
      scenario.create(scenario.app("steady"));
      scenario.driveToReady("steady");
      quiet(operator);

      // A resync: another operator touches a part without changing anything the AppService needs.
      operator.clearRequests();
      double before = operator.reconciliations();
      scenario.others().topicReports(scenario.topic("steady", "input"), "True", null, "resynced");
      await().until(() -> operator.reconciliations() > before);
      await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
      assertThat(operator.writes()).isEmpty();
    }
    // And a fresh operator that lists everything and reconciles it: still no write.
    try (var restarted =
        RunningOperator.start(cluster.server().adminConfig(), cluster.namespace())) {
      await().until(() -> restarted.reconciliations() >= 1);
      await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
      assertThat(restarted.writes()).isEmpty();
    }
  }

  /** Waits until the operator has settled: no write for two seconds. */
  private static void quiet(RunningOperator operator) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              boolean quiet = operator.writes().isEmpty();
              operator.clearRequests();
              return quiet;
            });
  }
}
