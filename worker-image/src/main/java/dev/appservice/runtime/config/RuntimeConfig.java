package dev.appservice.runtime.config;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

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
    String handler,
    int batchMaxRecords,
    int httpPort,
    int managementPort) {

  private static final String TOPIC_PATTERN = "[a-zA-Z0-9._-]{1,249}";

  /**
   * @param env the process environment
   * @param modeArgument the image's first argument, which wins over {@code APPSERVICE_MODE}
   */
  public static RuntimeConfig fromEnv(Map<String, String> env, Optional<String> modeArgument) {
    Env e = new Env(env);
    Mode mode = mode(e, modeArgument);
    String name = e.required("APPSERVICE_NAME");
    KafkaSettings kafka = KafkaSettings.from(e);
    String input = topic(e, "INPUT_TOPIC", e.required("INPUT_TOPIC"));
    String output = topic(e, "OUTPUT_TOPIC", e.required("OUTPUT_TOPIC"));
    String dlq = topic(e, "DEAD_LETTER_TOPIC", e.orDefault("DEAD_LETTER_TOPIC", input + ".dlq"));
    String group = e.orDefault("CONSUMER_GROUP", name + "-worker");
    // Optional: the operator leaves it out so that adding partitions does not restart every pod.
    int partitions =
        e.optional("PARTITIONS").isPresent()
            ? e.integer("PARTITIONS", Optional.empty(), 1, 100_000)
            : 0;
    OptionalInt partition = partition(e, mode, partitions);
    DatabaseSettings database = DatabaseSettings.from(e);
    String handler = e.orDefault("HANDLER", "document");
    int batch = e.integer("BATCH_MAX_RECORDS", Optional.of(2000), 1, 100_000);
    int httpPort = e.integer("HTTP_PORT", Optional.of(8080), 0, 65535);
    int managementPort = e.integer("MANAGEMENT_PORT", Optional.of(9090), 0, 65535);
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
        handler,
        batch,
        httpPort,
        managementPort);
  }

  private static Mode mode(Env e, Optional<String> argument) {
    String raw = argument.filter(a -> !a.isBlank()).orElseGet(() -> e.required("APPSERVICE_MODE"));
    if (raw.isEmpty()) {
      return Mode.WORKER;
    }
    return Mode.parse(raw)
        .orElseGet(
            () -> {
              String source = argument.isPresent() ? "the mode argument" : "APPSERVICE_MODE";
              e.problem(source + " must be 'worker' or 'api', got '" + raw + "'");
              return Mode.WORKER;
            });
  }

  private static String topic(Env e, String name, String value) {
    return e.check(name, value, v -> v.matches(TOPIC_PATTERN), "must be a valid Kafka topic name");
  }

  private static OptionalInt partition(Env e, Mode mode, int partitions) {
    if (mode != Mode.WORKER && e.optional("PARTITION").isEmpty()) {
      return OptionalInt.empty();
    }
    int partition = e.integer("PARTITION", Optional.empty(), 0, Integer.MAX_VALUE);
    if (partition >= partitions && partitions > 0) {
      e.problem("PARTITION must be lower than PARTITIONS (" + partitions + "), got " + partition);
    }
    return OptionalInt.of(partition);
  }

  /** The partition this worker owns; only meaningful in worker mode. */
  public int ownedPartition() {
    return partition.orElseThrow(() -> new IllegalStateException("PARTITION is not set"));
  }
}
