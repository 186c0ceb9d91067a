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
  private final DistributionSummary batchSize;
  private final Timer batchDuration;
  private final Timer eventLatency;
  private final AtomicLong lag = new AtomicLong();
  private final Map<Stage, Timer> stages = new EnumMap<>(Stage.class);

  WorkerMetrics(MeterRegistry registry, String appService, String topic, int partition) {
    Tags tags =
        Tags.of("appservice", appService, "topic", topic, "partition", Integer.toString(partition));
    applied = records(registry, tags, "applied");
    skipped = records(registry, tags, "skipped");
    deadLettered =
        Counter.builder("appservice.worker.dead.lettered")
            .description("Poison events sent to the dead-letter topic")
            .tags(tags)
            .register(registry);
    batches =
        Counter.builder("appservice.worker.batches")
            .description("Committed batch transactions")
            .tags(tags)
            .register(registry);
    retries =
        Counter.builder("appservice.worker.retries")
            .description("Batches retried after a transient database or Kafka failure")
            .tags(tags)
            .register(registry);
    forgotten =
        Counter.builder("appservice.worker.commands.forgotten")
            .description("Command ids forgotten after COMMAND_RETENTION (pruned fulfilment rows)")
            .tags(tags)
            .register(registry);
    published =
        Counter.builder("appservice.worker.outbox.published")
            .description("Outbox records acknowledged by Kafka")
            .tags(tags)
            .register(registry);
    batchSize =
        DistributionSummary.builder("appservice.worker.batch.size")
            .description("Records per batch transaction")
            .tags(tags)
            .register(registry);
    batchDuration =
        Timer.builder("appservice.worker.batch.duration")
            .description("Time from poll to committed and published batch")
            .tags(tags)
            .register(registry);
    eventLatency =
        Timer.builder("appservice.worker.processing.latency")
            .description("Time from the input record's timestamp to its committed effect")
            .tags(tags)
            .register(registry);
    for (Stage stage : Stage.values()) {
      stages.put(
          stage,
          Timer.builder("appservice.worker.stage.duration")
              .description("Time per batch spent in each stage of the batch loop")
              .tags(tags.and("stage", stage.tag()))
              .register(registry));
    }
    Gauge.builder("appservice.worker.lag", lag, AtomicLong::get)
        .description("Input records behind the end of the partition")
        .tags(tags)
        .register(registry);
  }

  private static Counter records(MeterRegistry registry, Tags tags, String outcome) {
    return Counter.builder("appservice.worker.records")
        .description("Input records processed, by outcome")
        .tags(tags.and("outcome", outcome))
        .register(registry);
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

  void forgotten(long commands) {
    forgotten.increment(commands);
  }

  void lag(long records) {
    lag.set(records);
  }
}
