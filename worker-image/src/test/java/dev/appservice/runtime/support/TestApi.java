package dev.appservice.runtime.support;

import static org.awaitility.Awaitility.await;

import dev.appservice.contract.RuntimeEnv;
import dev.appservice.contract.RuntimeValues;
import dev.appservice.runtime.api.ApiMain;
import dev.appservice.runtime.config.RuntimeConfig;
import dev.appservice.runtime.worker.WorkerMain;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One AppService as deployed: a real worker per partition and the API, on the shared broker and a
 * fresh database, plus an HTTP client for the API.
 */
public final class TestApi implements AutoCloseable {
  private final TestKafka kafka;
  private final WorkerEnv env;
  private final Db db;
  private final List<WorkerMain> workers = new ArrayList<>();
  private final ApiMain api;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private int partitions;
  private final String app;
  private final String jdbcUrl;

  private final String handler;

  private TestApi(String app, int partitions, Map<String, String> apiEnv, String handler)
      throws Exception {
    this.partitions = partitions;
    this.handler = handler;
    kafka = TestKafka.shared();
    TestPostgres pg = TestPostgres.shared();
    String database = pg.createDatabase();
    env =
        new WorkerEnv(app, kafka.bootstrapServers(), pg.jdbcUrl(database), partitions, 0)
            .with(RuntimeEnv.HANDLER, handler);
    kafka.createTopics(partitions, env.inputTopic(), env.outputTopic(), env.deadLetterTopic());
    db = new Db(pg.jdbcUrl(database));
    this.app = app;
    this.jdbcUrl = pg.jdbcUrl(database);
    startWorkers();
    WorkerEnv apiConfig =
        env.with(RuntimeEnv.APPSERVICE_MODE, RuntimeValues.MODE_API)
            .with(RuntimeEnv.HTTP_PORT, "0")
            .with(RuntimeEnv.API_AUTH_ANONYMOUS, "true");
    apiEnv.forEach(apiConfig::with);
    api = ApiMain.start(apiConfig.config());
    await().atMost(Duration.ofSeconds(30)).until(api::ready);
  }

  /** Starts one worker per partition and waits until they own their partitions. */
  public void startWorkers() throws Exception {
    for (int p = 0; p < partitions; p++) {
      startWorker(p);
    }
  }

  /** Starts the worker of one partition and waits until it owns it. */
  public void startWorker(int partition) throws Exception {
    WorkerMain worker =
        WorkerMain.start(
            new WorkerEnv(app, kafka.bootstrapServers(), jdbcUrl, partitions, partition)
                .with(RuntimeEnv.HANDLER, handler)
                .config());
    workers.add(worker);
    await().atMost(Duration.ofSeconds(60)).until(worker::ready);
  }

  /** Stops the worker of one partition: its commands pile up until it is started again. */
  public void stopWorker(int partition) {
    workers.removeIf(
        w -> {
          boolean owns = w.partition() == partition;
          if (owns) {
            w.close();
          }
          return owns;
        });
  }

  /** Adds input partitions, as a rescale does, and starts their workers. */
  public void addPartitions(int count) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createPartitions(Map.of(env.inputTopic(), NewPartitions.increaseTo(count))).all().get();
    }
    int before = partitions;
    partitions = count;
    for (int p = before; p < count; p++) {
      startWorker(p);
    }
  }

  /** This AppService's own API replica. */
  public ApiMain replica() {
    return api;
  }

  /** A second API replica on the same topics and database; the caller closes it. */
  public ApiMain startReplica() throws Exception {
    return startReplica(jdbcUrl);
  }

  /** A second API replica that reaches the database at {@code databaseUrl} (e.g. a proxy). */
  public ApiMain startReplica(String databaseUrl) throws Exception {
    Map<String, String> vars = new HashMap<>(env.map());
    vars.put(RuntimeEnv.DATABASE_URL, databaseUrl);
    ApiMain replica = ApiMain.start(RuntimeConfig.fromEnv(vars, Optional.empty()));
    await().atMost(Duration.ofSeconds(30)).until(replica::ready);
    return replica;
  }

  /** Stops the workers: commands pile up in the input topic until {@link #startWorkers()}. */
  public void stopWorkers() {
    workers.forEach(WorkerMain::close);
    workers.clear();
  }

  public boolean workersRunning() {
    return !workers.isEmpty();
  }

  public static TestApi start(String app, int partitions) throws Exception {
    return start(app, partitions, Map.of());
  }

  /** With more variables for the API (not the workers), e.g. CORS_ALLOWED_ORIGINS. */
  public static TestApi start(String app, int partitions, Map<String, String> apiEnv)
      throws Exception {
    return new TestApi(app, partitions, apiEnv, RuntimeValues.DEFAULT_HANDLER);
  }

  /** With the handler named {@code handler} (HANDLER) in the workers and the API. */
  public static TestApi withHandler(String app, int partitions, String handler) throws Exception {
    return new TestApi(app, partitions, Map.of(), handler);
  }

  public URI uri(String path) {
    return URI.create("http://localhost:" + api.port() + path);
  }

  public HttpClient http() {
    return http;
  }

  public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.GET());
  }

  public HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json");
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public HttpResponse<String> management(String path) throws Exception {
    return management(api, path);
  }

  /** A GET on the management port of any replica (metrics, health). */
  public HttpResponse<String> management(ApiMain replica, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + replica.managementPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Records ever produced to the input topic, over all partitions. */
  public long inputRecords() {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      Set<TopicPartition> tps =
          IntStream.range(0, partitions)
              .mapToObj(p -> new TopicPartition(env.inputTopic(), p))
              .collect(Collectors.toSet());
      return consumer.endOffsets(tps).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  public Db db() {
    return db;
  }

  /** The database's JDBC URL (the workers' and this replica's). */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  public WorkerEnv env() {
    return env;
  }

  public TestKafka kafka() {
    return kafka;
  }

  @Override
  public void close() {
    api.close();
    stopWorkers();
  }
}
