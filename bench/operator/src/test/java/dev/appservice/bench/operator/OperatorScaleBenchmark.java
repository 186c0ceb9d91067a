package dev.appservice.bench.operator;

import static org.awaitility.Awaitility.await;

import dev.appservice.operator.api.cnpg.v1.Cluster;
import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.fixtures.RunningOperator;
import dev.appservice.operator.fixtures.Scenario;
import dev.appservice.operator.fixtures.TestCrds;
import dev.appservice.operator.status.Conditions;
import dev.appservice.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Not a test (no assertion on time, not run by the build): N AppServices applied at once against
 * the real API server. Run with {@code bench/run-operator-bench.sh [-Dbench.apps=100]}; results go
 * to stdout and target/operator-scale-benchmark.txt.
 */
class OperatorScaleBenchmark {

  static final int APPS = Integer.getInteger("bench.apps", 100);
  static final Duration LIMIT = Duration.ofMinutes(10);

  @RegisterExtension static final TestCluster cluster = new TestCluster();

  @Test
  void hundredAppServicesAtOnce() throws Exception {
    TestCrds.install(cluster.client());
    var scenario = new Scenario(cluster);
    var client = cluster.client();
    var ns = cluster.namespace();
    var report = new ArrayList<String>();
    try (var operator = RunningOperator.start(cluster.server().adminConfig(), ns)) {
      long heapBefore = usedHeapAfterGc();
      var names = IntStream.range(0, APPS).mapToObj(i -> "app" + i).toList();

      long start = System.nanoTime();
      names.parallelStream().forEach(n -> scenario.create(scenario.app(n)));
      long applied = System.nanoTime();
      await()
          .atMost(LIMIT)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  count(
                              client
                                  .resources(KafkaTopic.class)
                                  .inNamespace(scenario.kafkaNamespace)
                                  .list()
                                  .getItems())
                          == 3 * APPS
                      && count(client.resources(Cluster.class).inNamespace(ns).list().getItems())
                          == APPS
                      && count(
                              client
                                  .resources(NetworkPolicy.class)
                                  .inNamespace(ns)
                                  .list()
                                  .getItems())
                          == APPS
                      && count(
                              client
                                  .resources(PodDisruptionBudget.class)
                                  .inNamespace(ns)
                                  .list()
                                  .getItems())
                          == APPS
                      && count(client.resources(Service.class).inNamespace(ns).list().getItems())
                          == 2 * APPS);
      long firstWave = System.nanoTime();

      // Strimzi and CloudNativePG report ready: the workers and APIs follow.
      long othersStart = System.nanoTime();
      scenario.others().topicsReport(scenario.kafkaNamespace, "True", null, null);
      names.parallelStream().forEach(n -> scenario.others().databaseReady(ns, n + "-db"));
      long othersDone = System.nanoTime();
      await()
          .atMost(LIMIT)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  count(client.resources(StatefulSet.class).inNamespace(ns).list().getItems())
                          == APPS
                      && count(client.resources(Deployment.class).inNamespace(ns).list().getItems())
                          == APPS);
      long secondWave = System.nanoTime();

      names.parallelStream()
          .forEach(
              n -> {
                scenario.others().workersRunning(ns, n + "-worker");
                scenario.others().apiRunning(ns, n + "-api");
              });
      await()
          .atMost(LIMIT)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  client.resources(AppService.class).inNamespace(ns).list().getItems().stream()
                          .filter(
                              a ->
                                  a.getStatus() != null
                                      && Conditions.isTrue(
                                          a.getStatus().getConditions(), Conditions.READY))
                          .count()
                      == APPS);
      long allReady = System.nanoTime();
      long heapAfter = usedHeapAfterGc();

      // Steady state: a resync of every AppService (another operator touches every input topic).
      await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
      operator.clearRequests();
      double before = operator.reconciliations();
      for (var topic :
          client
              .resources(KafkaTopic.class)
              .inNamespace(scenario.kafkaNamespace)
              .list()
              .getItems()) {
        if (topic.getMetadata().getName().endsWith(".input")) {
          scenario.others().topicReports(topic, "True", null, "resync");
        }
      }
      await().atMost(LIMIT).until(() -> operator.reconciliations() >= before + APPS);
      await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
      int resyncWrites = operator.writes().size();
      double resyncs = operator.reconciliations() - before;

      report.add("AppServices applied at once:                       " + APPS);
      report.add(
          String.format(
              "apply (client side, parallel creates):            %6.1f s", secs(start, applied)));
      report.add(
          String.format(
              "all first-wave children exist (topics, DB, ...):  %6.1f s after the first create",
              secs(start, firstWave)));
      report.add(
          String.format(
              "simulating Strimzi/CNPG status (test client):     %6.1f s",
              secs(othersStart, othersDone)));
      report.add(
          String.format(
              "all StatefulSets and Deployments exist:           %6.1f s after the status was written",
              secs(othersDone, secondWave)));
      report.add(
          String.format(
              "all Ready=True after workers/API report ready:    %6.1f s",
              secs(secondWave, allReady)));
      report.add(
          String.format(
              "steady-state resync: %d reconciliations, %d write requests (%.2f per AppService)",
              (long) resyncs, resyncWrites, resyncWrites / (double) APPS));
      report.add(
          String.format(
              "heap: %.1f MiB before, %.1f MiB with %d Ready AppServices -> %.0f KiB per AppService (whole test JVM, after GC)",
              heapBefore / 1048576.0,
              heapAfter / 1048576.0,
              APPS,
              (heapAfter - heapBefore) / 1024.0 / APPS));
    }
    report.forEach(System.out::println);
    Files.write(Path.of("target/operator-scale-benchmark.txt"), report);
    scenario.deleteKafkaNamespace();
  }

  private static int count(List<?> items) {
    return items.size();
  }

  private static double secs(long from, long to) {
    return (to - from) / 1e9;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
