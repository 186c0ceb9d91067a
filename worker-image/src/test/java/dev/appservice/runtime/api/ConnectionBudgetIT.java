package dev.appservice.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.appservice.contract.ConnectionBudget;
import dev.appservice.kit.LocalEnv;
import dev.appservice.kit.LocalPostgres;
import dev.appservice.runtime.api.routing.RoutingGate;
import dev.appservice.runtime.config.RuntimeConfig;
import dev.appservice.runtime.support.TestKafka;
import dev.appservice.runtime.worker.WorkerMain;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Scaling by partitions stays inside the database's connection budget: from 3 to 40 partitions with
 * 3 API replicas on a real PostgreSQL whose max_connections is what the operator sets
 * (ConnectionBudget), every worker becomes ready, commands on the new partitions are fulfilled, and
 * the connections held stay within what the budget counts. On a server that is too small, the
 * refusals show: workers stay not ready and count "too many clients".
 */
class ConnectionBudgetIT {
  private static final int API_REPLICAS = 3;
  private static final int FROM = 3;
  private static final int TO = 40;

  private final List<AutoCloseable> running = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  /** Workers and API replicas stop at once, as pods do; then the servers. */
  @AfterEach
  void stopAll() throws Exception {
    try (ExecutorService stopping = Executors.newVirtualThreadPerTaskExecutor()) {
      for (AutoCloseable c : running) {
        if (!(c instanceof LocalPostgres)) {
          stopping.submit(
              () -> {
                c.close();
                return null;
              });
        }
      }
    }
    for (AutoCloseable c : running) {
      if (c instanceof LocalPostgres) {
        c.close();
      }
    }
  }

  @Test
  void fromThreeToFortyPartitionsEveryWorkerBecomesReadyWithinTheBudget() throws Exception {
    int maxConnections = ConnectionBudget.maxConnections(TO, API_REPLICAS);
    Setup s = setup("budget", maxConnections);
    List<WorkerMain> workers = new ArrayList<>();
    for (int p = 0; p < FROM; p++) {
      workers.add(worker(s, FROM, p));
    }
    List<ApiMain> apis = new ArrayList<>();
    for (int i = 0; i < API_REPLICAS; i++) {
      apis.add(
          start(
              ApiMain.start(config(LocalEnv.api(s.name, s.bootstrap, FROM).database(s.jdbcUrl)))));
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> apis.stream().allMatch(ApiMain::ready));

    try (Admin admin = Admin.create(Map.of("bootstrap.servers", s.bootstrap))) {
      admin.createPartitions(Map.of(s.input, NewPartitions.increaseTo(TO))).all().get();
    }
    for (int p = FROM; p < TO; p++) {
      workers.add(worker(s, TO, p));
    }
    await()
        .atMost(Duration.ofSeconds(180))
        .until(() -> workers.stream().allMatch(WorkerMain::ready));

    // A command for an entity of each new partition, through each replica in turn.
    for (int p = FROM; p < TO; p++) {
      String entity = entityOn(p);
      ApiMain api = apis.get(p % API_REPLICAS);
      HttpResponse<String> response = post(api, entity);
      assertThat(response.statusCode())
          .as("%s on partition %d: %s", entity, p, response.body())
          .isEqualTo(200);
    }
    int held = clientConnections(s);
    assertThat(held)
        .as("connections held by %d workers and %d API replicas", TO, API_REPLICAS)
        .isLessThanOrEqualTo(ConnectionBudget.needed(TO, API_REPLICAS));
    System.out.printf(
        "connection budget: %d connections held, %d counted, max_connections %d%n",
        held, ConnectionBudget.needed(TO, API_REPLICAS), maxConnections);
    for (WorkerMain w : workers) {
      assertThat(refusals(w.managementPort(), "appservice_worker_database_connections_refused"))
          .isZero();
    }
  }

  /** The control: the same workers on a server with room for far fewer refuse to pretend. */
  @Test
  void onAServerThatIsTooSmallTheRefusalsShow() throws Exception {
    Setup s = setup("budget-small", 40);
    List<WorkerMain> workers = new ArrayList<>();
    for (int p = 0; p < TO; p++) {
      workers.add(worker(s, TO, p));
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                workers.stream()
                        .mapToDouble(
                            w ->
                                refusals(
                                    w.managementPort(),
                                    "appservice_worker_database_connections_refused"))
                        .sum()
                    > 0);
    Thread.sleep(5_000);
    assertThat(workers.stream().filter(WorkerMain::ready).count()).isLessThan(TO);
  }

  private record Setup(
      String name, LocalPostgres postgres, String jdbcUrl, String bootstrap, String input) {}

  private Setup setup(String name, int maxConnections) throws Exception {
    LocalPostgres pg =
        LocalPostgres.start(
            Files.createTempDirectory(Path.of("target").toAbsolutePath(), "postgres-budget"),
            Map.of("max_connections", Integer.toString(maxConnections)));
    running.add(pg);
    String url = pg.jdbcUrl(pg.createDatabase("budget"));
    TestKafka kafka = TestKafka.shared();
    LocalEnv probe = LocalEnv.worker(name, kafka.bootstrapServers(), FROM, 0);
    RuntimeConfig c = config(probe.database(url));
    kafka.createTopics(FROM, c.inputTopic(), c.outputTopic(), c.deadLetterTopic());
    return new Setup(name, pg, url, kafka.bootstrapServers(), c.inputTopic());
  }

  private WorkerMain worker(Setup s, int partitions, int partition) throws Exception {
    return start(
        WorkerMain.start(
            config(
                LocalEnv.worker(s.name, s.bootstrap, partitions, partition).database(s.jdbcUrl))));
  }

  private <T extends AutoCloseable> T start(T closeable) {
    running.add(closeable);
    return closeable;
  }

  private static RuntimeConfig config(LocalEnv env) {
    return RuntimeConfig.fromEnv(env.map(), Optional.empty());
  }

  /** An entity id that Kafka's default partitioner sends to {@code partition} of {@link #TO}. */
  private static String entityOn(int partition) {
    for (int i = 0; ; i++) {
      String id = "e-" + i;
      if (RoutingGate.partitionFor(id.getBytes(StandardCharsets.UTF_8), TO) == partition) {
        return id;
      }
    }
  }

  private HttpResponse<String> post(ApiMain api, String entity) throws Exception {
    String body =
        "{\"type\": \"thing.upsert\", \"subject\": \"" + entity + "\", \"data\": {\"a\": 1}}";
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + "/v1/commands"))
            .header("Content-Type", "application/json")
            .header("Prefer", "wait=30")
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int clientConnections(Setup s) throws Exception {
    try (Connection conn = s.postgres.connect("postgres");
        Statement st = conn.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                    + " AND application_name LIKE 'appservice-%'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private double refusals(int managementPort, String metric) {
    try {
      String text =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://localhost:" + managementPort + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Matcher m = Pattern.compile(metric + "_total\\{[^}]*} (\\S+)").matcher(text);
      return m.find() ? Double.parseDouble(m.group(1)) : 0;
    } catch (Exception e) {
      return 0;
    }
  }
}
