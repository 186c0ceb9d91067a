package dev.appservice.runtime.worker;

import dev.appservice.runtime.store.ConnectionRefusals;
import dev.appservice.runtime.store.FencedException;
import dev.appservice.runtime.store.OffsetStore;
import dev.appservice.runtime.store.Outbox;
import dev.appservice.runtime.store.OutboxRecord;
import dev.appservice.runtime.store.Ownership;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one input partition and materializes it in order. See worker-image/DESIGN.md for the
 * protocol: take the lock, start an epoch, publish leftovers, seek to the stored offset; then per
 * poll batch commit one transaction and publish its outbox. The publication of batch k overlaps the
 * transaction of batch k+1; batch k+1's records are sent only once batch k's are all acknowledged,
 * so the output order is the input order even when a publication has to be repeated.
 */
final class PartitionWorker implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);

  private final TopicPartition partition;
  private final String ownerId;
  private final DataSource dataSource;
  private final Fencing fencing;
  private final OffsetStore offsets;
  private final Outbox outbox;
  private final BatchProcessor processor;
  private final Feed feed;
  private final Supplier<Producer<byte[], byte[]>> producers;
  private final Refusals refusals;
  private final WorkerMetrics metrics;
  private final Backoff backoff = new Backoff(100, 5_000);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final ExecutorService sender;

  private volatile boolean running = true;
  private volatile boolean ready;
  private Producer<byte[], byte[]> producer;
  private Ownership ownership;
  private long publishedBelow = -1;

  /** The last committed batch, sent but maybe not yet acknowledged (null when none). */
  private Pending pending;

  /**
   * A committed batch's outbox on its way to Kafka. {@code handover} completes once the sender
   * thread has handed every record to the producer.
   */
  private record Pending(
      List<OutboxRecord> records, Future<List<Future<RecordMetadata>>> handover, long nextOffset) {

    /** The records' acknowledgements, or null if sending failed. */
    List<Future<RecordMetadata>> acks() throws InterruptedException {
      try {
        return handover.get();
      } catch (ExecutionException e) {
        return null;
      }
    }
  }

  PartitionWorker(
      TopicPartition partition,
      String ownerId,
      DataSource dataSource,
      Fencing fencing,
      OffsetStore offsets,
      Outbox outbox,
      BatchProcessor processor,
      Feed feed,
      Supplier<Producer<byte[], byte[]>> producers,
      DeadLetters deadLetters,
      WorkerMetrics metrics) {
    this.partition = partition;
    this.ownerId = ownerId;
    this.dataSource = dataSource;
    this.fencing = fencing;
    this.offsets = offsets;
    this.outbox = outbox;
    this.processor = processor;
    this.feed = feed;
    this.producers = producers;
    this.refusals = new Refusals(deadLetters, metrics);
    this.metrics = metrics;
    this.sender =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("outbox-sender-" + partition.partition()).factory());
  }

  @Override
  public void run() {
    try {
      feed.start();
      while (running && own()) {
        ready = true;
        consumeUntilOwnershipLost();
        ready = false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("partition worker failed", e);
    } finally {
      ready = false;
      try {
        completePending();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      deletePublishedOutbox();
      closeClients();
      finished.countDown();
    }
  }

  /** Asks the worker to stop after the current batch; an unfinished retry is abandoned. */
  void stop() {
    running = false;
    // The feed keeps running until closeClients(): the partition thread still moves the lag
    // offset as it finishes, and the feed's close commits that last one.
  }

  boolean ready() {
    return ready;
  }

  boolean alive() {
    return finished.getCount() > 0;
  }

  /**
   * Takes the partition over: lock, new epoch, leftovers published, consumer at the stored offset.
   */
  private boolean own() throws InterruptedException {
    while (running) {
      if (!fencing.held() && !fencing.acquire(() -> running, backoff)) {
        return false;
      }
      // Rows of a batch still in flight are leftovers now; let its sends settle first, so the
      // leftovers go out after them on the same producer (or on a fresh one if they failed).
      settlePending();
      try (Connection conn = dataSource.getConnection()) {
        conn.setAutoCommit(false);
        ownership = offsets.takeOver(conn, ownerId);
        List<OutboxRecord> leftovers = outbox.pending(conn);
        Unsent unsent = attemptPublish(leftovers);
        if (!unsent.records().isEmpty()) {
          throw new ExecutionException("publishing leftovers failed", unsent.failure());
        }
        outbox.deleteAll(conn);
        conn.commit();
        feed.seek(ownership.nextOffset());
        publishedBelow = -1;
        log.info(
            "owning {} with epoch {} from offset {} ({} leftover outbox records published,"
                + " {} ms after JVM start)",
            partition,
            ownership.epoch(),
            ownership.nextOffset(),
            leftovers.size(),
            ManagementFactory.getRuntimeMXBean().getUptime());
        backoff.reset();
        return true;
      } catch (Exception e) {
        log.warn("cannot take over {} yet: {}", partition, describe(e));
        resetProducer();
        backoff.sleep();
      }
    }
    return false;
  }

  private void consumeUntilOwnershipLost() throws InterruptedException {
    while (running) {
      long waitStarted = System.nanoTime();
      List<BatchInput> records = feed.next();
      if (!records.isEmpty()) {
        metrics.stage(WorkerMetrics.Stage.INPUT, System.nanoTime() - waitStarted);
      }
      if (records.isEmpty()) {
        if (!completePending()) {
          return;
        }
        deletePublishedOutbox();
      } else if (!processUntilCommitted(records)) {
        return;
      }
    }
  }

  /**
   * Retries the batch until it commits; the offset moves only with the commit.
   *
   * @return false if ownership was lost (the caller takes over again and reseeks) or on stop
   */
  private boolean processUntilCommitted(List<BatchInput> records) throws InterruptedException {
    long started = System.nanoTime();
    backoff.reset();
    while (running) {
      try {
        BatchResult result = processor.processDecoded(records, ownership, publishedBelow);
        ownership = ownership.advancedTo(result.nextOffset());
        publishedBelow = -1;
        long publishStarted = System.nanoTime();
        // The previous batch must be acknowledged before this one is sent (order), and before
        // its rows may be deleted (publishedBelow) by the next transaction.
        if (!completePending()) {
          return false;
        }
        pending = new Pending(result.outbox(), send(result.outbox()), result.nextOffset());
        metrics.stage(WorkerMetrics.Stage.PUBLISH, System.nanoTime() - publishStarted);
        metrics.batch(
            result,
            records.size(),
            records.getFirst().record().timestamp(),
            Duration.ofNanos(System.nanoTime() - started));
        return true;
      } catch (FencedException e) {
        log.warn("fenced: {}", e.getMessage());
        return false;
      } catch (Exception e) {
        metrics.retry();
        log.warn("batch at offset {} failed, retrying: {}", ownership.nextOffset(), describe(e));
        if (!fencing.held()) {
          log.warn("lost the partition lock; taking the partition over again");
          return false;
        }
        backoff.sleep();
      }
    }
    return false;
  }

  /**
   * Hands the records to the producer on the sender thread, so that the next batch's transaction
   * overlaps the sends as well as their acknowledgements. One batch at a time is pending, and the
   * sender runs one task at a time, so records go out in input order.
   */
  private Future<List<Future<RecordMetadata>>> send(List<OutboxRecord> records) {
    if (records.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    try {
      Producer<byte[], byte[]> to = producer();
      return sender.submit(
          () -> {
            try {
              return OutboxPublisher.send(to, records);
            } catch (RuntimeException e) {
              sendFailed(records, e);
              return null;
            }
          });
    } catch (RuntimeException e) {
      sendFailed(records, e);
      return CompletableFuture.completedFuture(null);
    }
  }

  private static void sendFailed(List<OutboxRecord> records, RuntimeException e) {
    log.debug("sending {} outbox records failed: {}", records.size(), Failures.describe(e));
  }

  /**
   * Waits until the pending batch is acknowledged, republishing it on failure; then its rows may be
   * deleted and the Kafka offset moves. On stop the first attempt still runs (finishing the batch);
   * only retries are abandoned, and what is left is published as leftovers by the next owner.
   * Records Kafka refused for good are replaced by bounded dead letters, never retried.
   *
   * @return false if stopped before the batch was acknowledged (it stays pending)
   */
  private boolean completePending() throws InterruptedException {
    if (pending == null) {
      return true;
    }
    List<Future<RecordMetadata>> acks = pending.acks();
    List<OutboxRecord> unsent = pending.records();
    Throwable failure = null;
    if (acks != null) {
      OutboxPublisher.Settled settled = OutboxPublisher.settle(pending.records(), acks);
      if (settled.done()) {
        unsent = List.of();
      } else {
        resetProducer();
        failure = settled.failure();
        unsent =
            failure == null
                ? refusals.replacements(settled.refused())
                : refusals.withReplacements(pending.records(), settled.refused());
      }
    } else {
      resetProducer();
      failure = new IllegalStateException("the records could not be handed to the producer");
    }
    if (failure != null) {
      metrics.retry();
      log.warn(
          "publishing {} outbox records failed, retrying: {}",
          pending.records().size(),
          Failures.describe(failure));
      if (!running) {
        return false;
      }
    }
    if (!publish(unsent)) {
      return false;
    }
    if (!pending.records().isEmpty()) {
      // A batch without output events or dead letters wrote no block: nothing to delete.
      publishedBelow = pending.nextOffset();
    }
    commitKafkaOffset(pending.nextOffset());
    pending = null;
    return true;
  }

  /** Before a takeover: the pending batch's rows are republished as leftovers anyway. */
  private void settlePending() throws InterruptedException {
    if (pending == null) {
      return;
    }
    List<Future<RecordMetadata>> acks = pending.acks();
    if (acks == null || !OutboxPublisher.settle(pending.records(), acks).done()) {
      resetProducer();
    }
    pending = null;
  }

  /** Publishes records and waits for their acknowledgement, retrying while running. */
  private boolean publish(List<OutboxRecord> records) throws InterruptedException {
    List<OutboxRecord> toSend = records;
    while (!toSend.isEmpty()) {
      Throwable failure;
      try {
        Unsent unsent = attemptPublish(toSend);
        toSend = unsent.records();
        failure = unsent.failure();
      } catch (RuntimeException e) {
        failure = e;
      }
      if (toSend.isEmpty()) {
        break;
      }
      metrics.retry();
      log.warn(
          "publishing {} outbox records failed, retrying: {}",
          toSend.size(),
          Failures.describe(failure));
      resetProducer();
      if (!running) {
        return false;
      }
      backoff.sleep();
    }
    backoff.reset();
    return true;
  }

  /** What is left to send after an attempt, and why (null if nothing is left). */
  private record Unsent(List<OutboxRecord> records, Throwable failure) {}

  /**
   * One attempt: sends the records and waits; what Kafka refused for good is replaced by bounded
   * dead letters, which are sent at once. A replacement that is refused as well is dropped.
   *
   * @return the records to send again if another failure happened (with the replacements), else
   *     none
   */
  private Unsent attemptPublish(List<OutboxRecord> records) throws InterruptedException {
    List<OutboxRecord> toSend = records;
    while (!toSend.isEmpty()) {
      OutboxPublisher.Settled settled = OutboxPublisher.publish(producer(), toSend);
      if (settled.done()) {
        break;
      }
      resetProducer();
      if (settled.failure() != null) {
        return new Unsent(refusals.withReplacements(toSend, settled.refused()), settled.failure());
      }
      toSend = refusals.replacements(settled.refused());
    }
    return new Unsent(List.of(), null);
  }

  /** The failure, or what "too many clients" means (counted). */
  private String describe(Exception e) {
    if (ConnectionRefusals.tooManyClients(e)) {
      metrics.connectionRefused();
      return ConnectionRefusals.EXPLANATION;
    }
    return Failures.describe(e);
  }

  /** Lag visibility only: the position that counts is the one in the database. */
  private void commitKafkaOffset(long next) {
    feed.commit(next);
  }

  /** When idle or stopping: no next batch transaction will delete the published rows. */
  private void deletePublishedOutbox() {
    if (publishedBelow < 0) {
      return;
    }
    try (Connection conn = dataSource.getConnection()) {
      outbox.deletePublished(conn, publishedBelow);
      publishedBelow = -1;
    } catch (Exception e) {
      log.debug("outbox clean-up deferred: {}", e.getMessage());
    }
  }

  private Producer<byte[], byte[]> producer() {
    if (producer == null) {
      producer = producers.get();
    }
    return producer;
  }

  /**
   * A producer whose sends failed may hold stale state; a fresh one starts a new idempotent
   * session.
   */
  private void resetProducer() {
    if (producer != null) {
      producer.close(Duration.ZERO);
      producer = null;
    }
  }

  private void closeClients() {
    feed.close();
    processor.close();
    sender.shutdownNow();
    if (producer != null) {
      producer.close(Duration.ofSeconds(2));
    }
    fencing.close();
  }
}
