package dev.appservice.runtime.config;

import dev.appservice.contract.ConnectionBudget;
import dev.appservice.contract.RuntimeEnv;
import dev.appservice.contract.RuntimeValues;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runtime's whole configuration, parsed from the operator's environment contract
 * (docs/env-contract.md). Parsing fails with every problem named, never with a half-built config.
 */
public record RuntimeConfig(
    Mode mode,
    String appService,
    KafkaSettings kafka,
    String inputTopic,
    String outputTopic,
    String deadLetterTopic,
    String consumerGroup,
    int partitions,
    OptionalInt partition,
    DatabaseSettings database,
    int databasePoolSize,
    String handler,
    int batchMaxRecords,
    int httpPort,
    int managementPort,
    List<String> corsAllowedOrigins,
    AuthSettings auth,
    Duration commandRetention,
    ApiLimits apiLimits) {

  private static final String TOPIC_PATTERN = "[a-zA-Z0-9._-]{1,249}";

  /**
   * @param env the process environment
   * @param modeArgument the image's first argument, which wins over {@code APPSERVICE_MODE}
   */
  public static RuntimeConfig fromEnv(Map<String, String> env, Optional<String> modeArgument) {
    Env e = new Env(env);
    Mode mode = mode(e, modeArgument);
    String name = e.required(RuntimeEnv.APPSERVICE_NAME);
    KafkaSettings kafka = KafkaSettings.from(e);
    String input = topic(e, RuntimeEnv.INPUT_TOPIC, e.required(RuntimeEnv.INPUT_TOPIC));
    String output = topic(e, RuntimeEnv.OUTPUT_TOPIC, e.required(RuntimeEnv.OUTPUT_TOPIC));
    String dlq =
        topic(
            e,
            RuntimeEnv.DEAD_LETTER_TOPIC,
            e.orDefault(RuntimeEnv.DEAD_LETTER_TOPIC, input + ".dlq"));
    String group = e.orDefault(RuntimeEnv.CONSUMER_GROUP, name + "-worker");
    // Optional: the operator leaves it out so that adding partitions does not restart every pod.
    int partitions =
        e.optional(RuntimeEnv.PARTITIONS).isPresent()
            ? e.integer(RuntimeEnv.PARTITIONS, Optional.empty(), 1, 100_000)
            : 0;
    OptionalInt partition = partition(e, mode, partitions);
    DatabaseSettings database = DatabaseSettings.from(e);
    int poolSize =
        mode == Mode.API
            ? e.integer(
                RuntimeEnv.DATABASE_POOL_SIZE,
                Optional.of(ConnectionBudget.API_POOL),
                ConnectionBudget.API_MIN_POOL,
                100)
            : e.integer(
                RuntimeEnv.DATABASE_POOL_SIZE,
                Optional.of(ConnectionBudget.WORKER_POOL),
                ConnectionBudget.WORKER_POOL,
                100);
    String handler = e.orDefault(RuntimeEnv.HANDLER, RuntimeValues.DEFAULT_HANDLER);
    int batch = e.integer(RuntimeEnv.BATCH_MAX_RECORDS, Optional.of(2000), 1, 100_000);
    int httpPort = e.integer(RuntimeEnv.HTTP_PORT, Optional.of(8080), 0, 65535);
    int managementPort =
        e.integer(RuntimeEnv.MANAGEMENT_PORT, Optional.of(RuntimeValues.MANAGEMENT_PORT), 0, 65535);
    List<String> cors = corsOrigins(e);
    AuthSettings auth = AuthSettings.from(e, mode == Mode.API);
    Duration retention = retention(e);
    ApiLimits limits = ApiLimits.from(e, Runtime.getRuntime().maxMemory(), kafka.maxRecordBytes());
    e.failIfProblems();
    return new RuntimeConfig(
        mode,
        name,
        kafka,
        input,
        output,
        dlq,
        group,
        partitions,
        partition,
        database,
        poolSize,
        handler,
        batch,
        httpPort,
        managementPort,
        cors,
        auth,
        retention,
        limits);
  }

  private static final Pattern RETENTION = Pattern.compile("([1-9][0-9]{0,4})([smhd])");

  /** Default {@code COMMAND_RETENTION}: resent command ids are recognised for a week. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  /**
   * {@code COMMAND_RETENTION}: how long the worker remembers a command id (deduplication of resent
   * commands, status reads), as a number with a unit ({@code 30s}, {@code 12h}, {@code 7d}), or
   * {@code 0} to remember every command forever. {@link Duration#ZERO} stands for forever.
   */
  private static Duration retention(Env e) {
    String raw = e.orDefault(RuntimeEnv.COMMAND_RETENTION, "7d").trim();
    if (raw.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = RETENTION.matcher(raw);
    if (!m.matches()) {
      e.problem(
          RuntimeEnv.COMMAND_RETENTION
              + " must be a number with a unit (s, m, h or d), like 7d, or 0 for"
              + " forever, got '"
              + raw
              + "'");
      return DEFAULT_RETENTION;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static final String ORIGIN_PATTERN = "https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?";

  /**
   * {@code CORS_ALLOWED_ORIGINS}: comma-separated origins ({@code https://ui.example.com}, with a
   * port if not the default) that browsers may call the API from, or {@code *} for any. Unset:
   * same-origin only (no CORS headers).
   */
  private static List<String> corsOrigins(Env e) {
    List<String> origins =
        e.optional(RuntimeEnv.CORS_ALLOWED_ORIGINS).stream()
            .flatMap(v -> Arrays.stream(v.split(",")))
            .map(String::trim)
            .filter(o -> !o.isEmpty())
            .toList();
    if (origins.contains("*") && origins.size() > 1) {
      e.problem(
          RuntimeEnv.CORS_ALLOWED_ORIGINS + " is either '*' or a list of origins, got " + origins);
    }
    for (String origin : origins) {
      if (!origin.equals("*")) {
        e.check(
            RuntimeEnv.CORS_ALLOWED_ORIGINS,
            origin,
            o -> o.matches(ORIGIN_PATTERN),
            "must list origins like https://ui.example.com[:port] (no path)");
      }
    }
    return origins;
  }

  private static Mode mode(Env e, Optional<String> argument) {
    String raw =
        argument.filter(a -> !a.isBlank()).orElseGet(() -> e.required(RuntimeEnv.APPSERVICE_MODE));
    if (raw.isEmpty()) {
      return Mode.WORKER;
    }
    return Mode.parse(raw)
        .orElseGet(
            () -> {
              String source =
                  argument.isPresent() ? "the mode argument" : RuntimeEnv.APPSERVICE_MODE;
              e.problem(
                  source
                      + " must be '"
                      + RuntimeValues.MODE_WORKER
                      + "' or '"
                      + RuntimeValues.MODE_API
                      + "', got '"
                      + raw
                      + "'");
              return Mode.WORKER;
            });
  }

  private static String topic(Env e, String name, String value) {
    return e.check(name, value, v -> v.matches(TOPIC_PATTERN), "must be a valid Kafka topic name");
  }

  private static OptionalInt partition(Env e, Mode mode, int partitions) {
    if (mode != Mode.WORKER && e.optional(RuntimeEnv.PARTITION).isEmpty()) {
      return OptionalInt.empty();
    }
    int partition = e.integer(RuntimeEnv.PARTITION, Optional.empty(), 0, Integer.MAX_VALUE);
    if (partition >= partitions && partitions > 0) {
      e.problem(
          RuntimeEnv.PARTITION
              + " must be lower than "
              + RuntimeEnv.PARTITIONS
              + " ("
              + partitions
              + "), got "
              + partition);
    }
    return OptionalInt.of(partition);
  }

  /** The partition this worker owns; only meaningful in worker mode. */
  public int ownedPartition() {
    return partition.orElseThrow(
        () -> new IllegalStateException(RuntimeEnv.PARTITION + " is not set"));
  }
}
