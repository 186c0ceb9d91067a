package dev.appservice.runtime.api.routing;

import dev.appservice.runtime.config.DatabaseSettings;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes commands to input partitions by their key, and holds them while the API replicas switch to
 * a larger partition count, so that no entity's commands are applied out of order. This is the
 * gate: commands pass at once while it is open and its lease is fresh, and wait (for at most {@link
 * RoutingTimings#MAX_WAIT}) while it is held. Its {@link RoutingSession} opens and holds it; the
 * protocol is in DESIGN.md beside this class. Producers other than the API are not covered.
 */
public final class RoutingGate implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RoutingGate.class);

  /** A command waiting for the gate to open. */
  private record Waiting(IntConsumer send, Consumer<Throwable> fail, long deadline, int bytes) {}

  /**
   * The commands held while the gate is closed already take {@code maxHeldBytes}: the command is
   * refused (nothing produced); the client may try again once the switch is done. Overload, not bad
   * input.
   */
  public static final class Full extends RuntimeException {
    Full(long heldBytes, long maxHeldBytes, String why) {
      super(
          "commands are held ("
              + why
              + ") and those held already take "
              + heldBytes
              + " of the "
              + maxHeldBytes
              + " bytes this replica keeps for them",
          null,
          false,
          false);
    }
  }

  private final String topic;
  private final Producer<byte[], byte[]> producer;
  private final RoutingSession session;

  /** What the session does to the gate: open it with a partition count, or hold it. */
  private final GateControl control =
      new GateControl() {
        @Override
        public void openWith(int count, long asked) {
          RoutingGate.this.openWith(count, asked);
        }

        @Override
        public void hold(String why) {
          RoutingGate.this.hold(why);
        }
      };

  private final Thread thread;

  /** This replica's gate session, as pg_stat_activity names it (for logs and operators). */
  private final String sessionName;

  private final ReentrantReadWriteLock routing = new ReentrantReadWriteLock();
  private final Queue<Waiting> waiting = new ArrayDeque<>();
  private final long maxHeldBytes;

  /** The bytes of the commands in {@link #waiting} (guarded by {@link #routing}). */
  private long heldBytes;

  private final ScheduledExecutorService expiry =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("routing-expiry").factory());
  private volatile boolean running = true;
  private volatile boolean opened;

  /** The count commands are routed with while open (guarded by {@link #routing}). */
  private int partitions;

  private boolean open;

  /**
   * The lease's start: when the last round trip that proved the shared lock was sent
   * (System.nanoTime).
   */
  private volatile long provenAt;

  /** Why commands are held (guarded by {@link #routing}). */
  private String heldBecause = "the routing gate has not started yet";

  /**
   * @param consumers makes the read_committed consumer that checks, during a switch, whether a
   *     partition holds any record beyond a worker's stored offset
   */
  public RoutingGate(
      DatabaseSettings database,
      String topic,
      Admin admin,
      Producer<byte[], byte[]> producer,
      Supplier<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> consumers,
      long maxHeldBytes) {
    this.topic = topic;
    this.maxHeldBytes = maxHeldBytes;
    this.producer = producer;
    String host = System.getenv().getOrDefault("HOSTNAME", "local");
    this.sessionName =
        "appservice-api-routing " + host + "/" + Long.toHexString(System.nanoTime() & 0xffffff);
    this.session =
        new RoutingSession(
            database, sessionName, control, new InputTopic(topic, admin, consumers), () -> running);
    this.thread = Thread.ofPlatform().daemon().name("routing-gate").unstarted(session::run);
  }

  public void start() {
    thread.start();
    expiry.scheduleWithFixedDelay(this::expireWaiting, 1, 1, TimeUnit.SECONDS);
    expiry.scheduleWithFixedDelay(
        session::readTopicPartitions,
        0,
        RoutingTimings.TOPIC_EVERY.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Whether the gate has opened once (the replica knows how to route) and still works. */
  public boolean initialized() {
    return opened && thread.isAlive();
  }

  /** The partition Kafka's default partitioner would choose for {@code key} among {@code count}. */
  public static int partitionFor(byte[] key, int count) {
    return Utils.toPositive(Utils.murmur2(key)) % count;
  }

  /**
   * Calls {@code send} with the partition count to route with, at once when the gate is open, else
   * when it opens; {@code fail} if it stays closed for {@link RoutingTimings#MAX_WAIT}. {@code
   * send} runs while the gate cannot close, so it must hand the record to the producer without
   * waiting for Kafka.
   *
   * @param bytes the command's size, counted against what may be held
   * @throws Full if the gate is closed and holds as many bytes of commands as it may
   */
  public void route(int bytes, IntConsumer send, Consumer<Throwable> fail) {
    routing.readLock().lock();
    try {
      if (routable()) {
        send.accept(partitions);
        return;
      }
    } finally {
      routing.readLock().unlock();
    }
    routing.writeLock().lock();
    try {
      if (routable()) {
        routing.readLock().lock(); // downgrade: the count cannot change while we send
      } else {
        if (heldBytes + bytes > maxHeldBytes) {
          throw new Full(heldBytes, maxHeldBytes, heldBecause);
        }
        waiting.add(
            new Waiting(send, fail, System.nanoTime() + RoutingTimings.MAX_WAIT.toNanos(), bytes));
        heldBytes += bytes;
        return;
      }
    } finally {
      routing.writeLock().unlock();
    }
    try {
      send.accept(partitions);
    } finally {
      routing.readLock().unlock();
    }
  }

  /** Open, and the lease is fresh (the caller holds a routing lock). */
  private boolean routable() {
    return open && System.nanoTime() - provenAt < RoutingTimings.LEASE.toNanos();
  }

  /** The count commands are routed with now, or 0 while they are held. */
  public int partitions() {
    routing.readLock().lock();
    try {
      return routable() ? partitions : 0;
    } finally {
      routing.readLock().unlock();
    }
  }

  /**
   * Routes with {@code count}, under a lease proven by a round trip that started at {@code asked}.
   */
  private void openWith(int count, long asked) {
    provenAt = asked;
    routing.readLock().lock();
    try {
      if (open && partitions == count && waiting.isEmpty()) {
        return;
      }
    } finally {
      routing.readLock().unlock();
    }
    routing.writeLock().lock();
    try {
      if (!running) {
        return;
      }
      if (count != partitions || !open) {
        log.info("routing commands to {} partitions of {}", count, topic);
      }
      partitions = count;
      open = true;
      opened = true;
      heldBytes = 0;
      for (Waiting w = waiting.poll(); w != null; w = waiting.poll()) {
        try {
          w.send().accept(count);
        } catch (RuntimeException e) {
          w.fail().accept(e);
        }
      }
    } finally {
      routing.writeLock().unlock();
    }
  }

  /**
   * Stops routing and flushes: once this returns, every command routed so far is in Kafka (or has
   * failed).
   */
  private void hold(String why) {
    routing.writeLock().lock();
    try {
      if (open) {
        log.info("holding new commands for {}: {}", topic, why);
      }
      open = false;
      heldBecause = why;
    } finally {
      routing.writeLock().unlock();
    }
    producer.flush();
  }

  /** Fails commands that waited too long (nothing was produced for them). */
  private void expireWaiting() {
    long now = System.nanoTime();
    routing.writeLock().lock();
    try {
      waiting.removeIf(
          w -> {
            if (now - w.deadline() < 0) {
              return false;
            }
            heldBytes -= w.bytes();
            w.fail()
                .accept(
                    new IllegalStateException(
                        "commands are held for "
                            + RoutingTimings.MAX_WAIT.toSeconds()
                            + " s at most, and still are: "
                            + heldBecause));
            return true;
          });
    } finally {
      routing.writeLock().unlock();
    }
  }

  /** The {@code application_name} of this replica's gate session. */
  public String sessionName() {
    return sessionName;
  }

  /** Whether the gate thread runs (liveness: a replica without it holds every command). */
  public boolean alive() {
    return thread.isAlive() || !running;
  }

  /** Stops routing, flushes what was routed, then ends the session (and so the lock). */
  @Override
  public void close() {
    running = false;
    expiry.shutdownNow();
    try {
      hold("the API is stopping");
      thread.join(3_000); // ends within a second: it holds, flushes, then lets go of the lock
      if (thread.isAlive()) {
        thread.interrupt();
        session.disconnect(); // unblocks a read
        thread.join(2_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
