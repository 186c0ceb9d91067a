package dev.appservice.runtime.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The worker's Prometheus metrics, tagged with the AppService, topic and partition. */
final class WorkerMetrics {
  /**
   * Where a batch's time goes, in the order it is spent: waiting for the decoded batch, the
   * fencing/offset update (with the batch's NOTIFY and the deletion of published outbox rows), the
   * handler, building and writing the outbox row, the fulfilment rows, the commit, and completing
   * the previous batch's publication plus handing this one to the producer.
   */
  enum Stage {
    INPUT,
    OFFSET,
    HANDLER,
    OUTBOX,
    FULFILMENT,
    COMMIT,
    PUBLISH;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Counter applied;
  private final Counter skipped;
  private final Counter deadLettered;
  private final Counter batches;
  private final Counter retries;
  private final Counter published;
  private final Counter forgotten;
  private final Counter refused;
  private final Counter connectionsRefused;
  private final Counter dropped;
  private final DistributionSummary batchSize;
  private final Timer batchDuration;
  private final Timer eventLatency;
  private final AtomicLong lag = new AtomicLong();
  private final Map<Stage, Timer> stages = new EnumMap<>(Stage.class);

  WorkerMetrics(MeterRegistry registry, String appService, String topic, int partition) {
    Tags tags =
        Tags.of("appservice", appService, "topic", topic, "partition", Integer.toString(partition));
    Meters meters = new Meters(registry, tags);
    applied =
        meters.counter("records", "Input records processed, by outcome", "outcome", "applied");
    skipped =
        meters.counter("records", "Input records processed, by outcome", "outcome", "skipped");
    deadLettered = meters.counter("dead.lettered", "Poison events sent to the dead-letter topic");
    batches = meters.counter("batches", "Committed batch transactions");
    retries =
        meters.counter("retries", "Batches retried after a transient database or Kafka failure");
    forgotten =
        meters.counter(
            "commands.forgotten",
            "Command ids forgotten after COMMAND_RETENTION (pruned fulfilment rows)");
    published = meters.counter("outbox.published", "Outbox records acknowledged by Kafka");
    connectionsRefused =
        meters.counter(
            "database.connections.refused",
            "Connections PostgreSQL refused with too many clients (max_connections reached)");
    refused =
        meters.counter(
            "outbox.refused",
            "Outbox records Kafka refused for good (too large), replaced by bounded dead letters");
    dropped =
        meters.counter(
            "outbox.dropped", "Bounded dead letters Kafka refused as well, dropped (logged)");
    batchSize =
        DistributionSummary.builder("appservice.worker.batch.size")
            .description("Records per batch transaction")
            .tags(tags)
            .register(registry);
    batchDuration =
        meters.timer("batch.duration", "Time from poll to committed and published batch");
    eventLatency =
        meters.timer(
            "processing.latency", "Time from the input record's timestamp to its committed effect");
    for (Stage stage : Stage.values()) {
      stages.put(
          stage,
          meters.timer(
              "stage.duration",
              "Time per batch spent in each stage of the batch loop",
              "stage",
              stage.tag()));
    }
    Gauge.builder("appservice.worker.lag", lag, AtomicLong::get)
        .description("Input records behind the end of the partition")
        .tags(tags)
        .register(registry);
  }

  /** Registers the worker's meters under {@code appservice.worker.*} with the partition's tags. */
  private record Meters(MeterRegistry registry, Tags tags) {
    Counter counter(String name, String description, String... extraTags) {
      return Counter.builder("appservice.worker." + name)
          .description(description)
          .tags(tags.and(extraTags))
          .register(registry);
    }

    Timer timer(String name, String description, String... extraTags) {
      return Timer.builder("appservice.worker." + name)
          .description(description)
          .tags(tags.and(extraTags))
          .register(registry);
    }
  }

  void batch(BatchResult result, int size, long oldestTimestamp, Duration took) {
    batches.increment();
    batchSize.record(size);
    applied.increment(result.applied());
    deadLettered.increment(result.deadLettered());
    skipped.increment(size - result.applied() - result.deadLettered());
    published.increment(result.outbox().size());
    batchDuration.record(took);
    if (oldestTimestamp > 0) {
      eventLatency.record(
          Duration.ofMillis(Math.max(0, System.currentTimeMillis() - oldestTimestamp)));
    }
  }

  void stage(Stage stage, long nanos) {
    stages.get(stage).record(nanos, TimeUnit.NANOSECONDS);
  }

  void retry() {
    retries.increment();
  }

  void connectionRefused() {
    connectionsRefused.increment();
  }

  void refused() {
    refused.increment();
  }

  void dropped() {
    dropped.increment();
  }

  void forgotten(long commands) {
    forgotten.increment(commands);
  }

  void lag(long records) {
    lag.set(records);
  }
}
