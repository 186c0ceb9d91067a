package dev.appservice.runtime.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the owned partition and decodes its records on a thread of its own, one batch ahead of the
 * partition thread: fetching, decompressing and parsing batch k+1 overlaps batch k's transaction.
 * The Kafka consumer is used by this thread only (it is not thread-safe); the partition thread
 * talks to it through {@link #seek}, {@link #next} and {@link #commit}.
 *
 * <p>Every {@link #seek} starts a new generation; a batch polled before the seek took effect
 * carries the old one and is dropped by {@link #next}, so the partition thread never sees a record
 * from before its takeover position. At most {@value #AHEAD} decoded batches wait, which bounds
 * memory.
 */
final class Feed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Feed.class);
  private static final int AHEAD = 1;
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

  /** A decoded poll batch and the generation (seek) it was polled under. */
  private record Batch(long generation, List<BatchInput> inputs) {}

  private final TopicPartition partition;
  private final Consumer<byte[], byte[]> consumer;
  private final Function<List<ConsumerRecord<byte[], byte[]>>, List<BatchInput>> decoder;
  private final WorkerMetrics metrics;
  private final BlockingQueue<Batch> ready = new ArrayBlockingQueue<>(AHEAD);
  private final Backoff backoff = new Backoff(100, 5_000);
  private final Thread thread;

  /** Generation of the latest seek request; 0 before the first, when nothing is polled. */
  private final AtomicLong requested = new AtomicLong();

  private final AtomicLong seekOffset = new AtomicLong(-1);
  private final AtomicLong lagCommit = new AtomicLong(-1);
  private volatile boolean running = true;

  /** Why the feed thread ended, if it failed; {@link #next} then fails the worker. */
  private volatile Throwable failure;

  /** Generation the consumer is positioned for; feed thread only. */
  private long applied;

  private long lastCommit = System.nanoTime();

  Feed(
      TopicPartition partition,
      Consumer<byte[], byte[]> consumer,
      Function<List<ConsumerRecord<byte[], byte[]>>, List<BatchInput>> decoder,
      WorkerMetrics metrics) {
    this.partition = partition;
    this.consumer = consumer;
    this.decoder = decoder;
    this.metrics = metrics;
    this.thread = Thread.ofPlatform().name("feed-" + partition.partition()).unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  /**
   * Positions the feed at {@code offset}: batches from before the call are never returned by {@link
   * #next}. Called by the partition thread after each takeover.
   */
  synchronized void seek(long offset) {
    seekOffset.set(offset);
    requested.incrementAndGet();
    ready.clear();
    consumer.wakeup();
  }

  /**
   * The next decoded batch at or after the last {@link #seek}, waiting up to the poll interval.
   *
   * @return the batch, or an empty list when none arrived in time (the partition is idle)
   */
  List<BatchInput> next() throws InterruptedException {
    long deadline = System.nanoTime() + POLL.toNanos();
    while (true) {
      Batch batch = ready.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (batch == null) {
        if (failure != null) {
          // Not an idle partition: the worker must fail, so that liveness restarts the pod.
          throw new IllegalStateException("the input feed stopped: " + failure, failure);
        }
        return List.of();
      }
      if (batch.generation() == requested.get()) {
        return batch.inputs();
      }
    }
  }

  /** Moves the group's committed offset (lag dashboards only), asynchronously. */
  void commit(long nextOffset) {
    lagCommit.set(nextOffset);
  }

  /** Stops polling; {@link #close()} waits for the thread and closes the consumer. */
  void stop() {
    running = false;
    consumer.wakeup();
  }

  @Override
  public void close() {
    if (thread.getState() == Thread.State.NEW) {
      closeConsumer();
      return;
    }
    stop();
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      consumer.assign(List.of(partition));
      while (running) {
        if (!positioned()) {
          continue;
        }
        commitLag();
        ConsumerRecords<byte[], byte[]> polled;
        long generation = applied;
        try {
          polled = consumer.poll(POLL);
        } catch (WakeupException e) {
          continue;
        } catch (RuntimeException e) {
          log.warn("poll failed: {}", Failures.describe(e));
          backoff.sleep();
          continue;
        }
        backoff.reset();
        consumer.currentLag(partition).ifPresent(metrics::lag);
        List<ConsumerRecord<byte[], byte[]>> records = polled.records(partition);
        if (!records.isEmpty()) {
          hand(new Batch(generation, decoder.apply(records)));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      log.error("input feed failed", e);
      failure = e;
    } finally {
      commitLastSync();
      closeConsumer();
    }
  }

  /** The last lag offset, synchronously; a pending wakeup (from stop) makes the first try throw. */
  private void commitLastSync() {
    long next = lagCommit.getAndSet(-1);
    if (next < 0) {
      return;
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(next)), Duration.ofSeconds(1));
        return;
      } catch (WakeupException e) {
        // The wakeup is consumed now; try once more.
      } catch (RuntimeException e) {
        log.debug("Kafka offset commit failed (harmless): {}", e.getMessage());
        return;
      }
    }
  }

  /** Applies the latest seek request; false (after a short wait) while there is none yet. */
  private boolean positioned() throws InterruptedException {
    long wanted;
    long offset;
    synchronized (this) {
      wanted = requested.get();
      offset = seekOffset.get();
    }
    if (wanted == 0) {
      Thread.sleep(10);
      return false;
    }
    if (wanted != applied) {
      consumer.seek(partition, offset);
      applied = wanted;
    }
    return true;
  }

  /** Waits for room for the batch; gives up if a seek makes it stale or the feed stops. */
  private void hand(Batch batch) throws InterruptedException {
    while (running && batch.generation() == requested.get()) {
      if (ready.offer(batch, 50, TimeUnit.MILLISECONDS)) {
        return;
      }
    }
  }

  /**
   * At most once per {@link #COMMIT_INTERVAL}: an offset commit per batch put the group
   * coordinator's work on the path of the next fetch (about 1 ms more from produce to poll when
   * commands come one at a time, measured with the API benchmark), and lag dashboards do not need
   * it. {@link #close()} commits the last one.
   */
  private void commitLag() {
    if (System.nanoTime() - lastCommit < COMMIT_INTERVAL.toNanos()) {
      return;
    }
    long next = lagCommit.getAndSet(-1);
    if (next < 0) {
      return;
    }
    lastCommit = System.nanoTime();
    try {
      consumer.commitAsync(
          Map.of(partition, new OffsetAndMetadata(next)),
          (offsets, e) -> {
            if (e != null) {
              log.debug("Kafka offset commit failed (harmless): {}", e.getMessage());
            }
          });
    } catch (RuntimeException e) {
      log.debug("Kafka offset commit failed (harmless): {}", e.getMessage());
    }
  }

  private void closeConsumer() {
    try {
      consumer.close(Duration.ofSeconds(2));
    } catch (RuntimeException e) {
      log.debug("consumer close: {}", e.getMessage());
    }
  }
}
