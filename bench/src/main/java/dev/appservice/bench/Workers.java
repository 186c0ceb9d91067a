package dev.appservice.bench;

import dev.appservice.kit.LocalEnv;
import dev.appservice.runtime.config.RuntimeConfig;
import dev.appservice.runtime.store.OffsetStore;
import dev.appservice.runtime.worker.WorkerMain;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ours: the real worker (WorkerMain, in this JVM) on a pre-filled topic. The rate is measured from
 * the offsets the workers store, between the moment all of them own their partition and the moment
 * the last event is committed, so JVM warm-up and start-up are not counted as throughput.
 */
final class Workers {
  static double eventsPerSecond(
      Infra infra, Workload workload, String name, int partitions, String handler)
      throws Exception {
    String in = name + ".commands";
    infra.createTopics(partitions, in, name + ".events", in + ".dlq");
    workload.produce(infra.bootstrap(), in, workload.events());
    String url = infra.newDatabase();
    List<WorkerMain> workers = new ArrayList<>();
    try {
      for (int p = 0; p < partitions; p++) {
        workers.add(WorkerMain.start(config(infra, url, name, partitions, p, handler)));
      }
      while (!workers.stream().allMatch(WorkerMain::ready)) {
        Thread.sleep(5);
      }
      // One connection for the whole measurement: a new one per look cost a PostgreSQL backend
      // start (fork, authentication, catalog caches) 50 times a second, on the two vCPUs the
      // worker was being measured on, which B1 did not bear.
      String database = url.substring(url.lastIndexOf('/') + 1);
      try (Connection conn = infra.connect(database)) {
        long start = System.nanoTime();
        long startOffsets = OffsetStore.totalApplied(conn);
        long done;
        while ((done = OffsetStore.totalApplied(conn)) < workload.events()) {
          Thread.sleep(20);
        }
        double rate = (done - startOffsets) / ((System.nanoTime() - start) / 1e9);
        printStages(name, workers.getFirst().managementPort());
        return rate;
      }
    } finally {
      workers.forEach(WorkerMain::close);
    }
  }

  /**
   * The worker's own per-stage timers (appservice_worker_stage_duration_seconds) of partition 0:
   * where the batch loop spent its time in this scenario.
   */
  private static void printStages(String scenario, int port) throws Exception {
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = STAGE_SUM.matcher(metrics);
    StringBuilder line = new StringBuilder("  stages of " + scenario + ", partition 0 (s):");
    while (m.find()) {
      line.append(String.format(" %s %.2f", m.group(1), Double.parseDouble(m.group(2))));
    }
    System.out.println(line);
  }

  private static final Pattern STAGE_SUM =
      Pattern.compile(
          "^appservice_worker_stage_duration_seconds_sum\\{[^}]*stage=\"(\\w+)\"[^}]*} (\\S+)$",
          Pattern.MULTILINE);

  private static RuntimeConfig config(
      Infra infra, String url, String name, int partitions, int partition, String handler) {
    LocalEnv env =
        LocalEnv.worker(name, infra.bootstrap(), partitions, partition)
            .database(url)
            .handler(handler);
    return RuntimeConfig.fromEnv(env.map(), Optional.empty());
  }

  /** The workers own their partitions, so their migrations have run and the table exists. */
  private Workers() {}
}
