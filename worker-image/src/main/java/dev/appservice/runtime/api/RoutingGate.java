package dev.appservice.runtime.api;

import dev.appservice.runtime.config.DatabaseSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes commands to input partitions by their key, and switches to a larger partition count
 * without breaking any entity's order.
 *
 * <p>Adding partitions moves keys: Kafka's partitioner sends a key to {@code hash % count}, so
 * after a rescale an entity's new commands may land in another partition than its older ones, whose
 * worker could apply them first. The API therefore routes with the count in {@code input_routing}
 * (the same hash as Kafka's default partitioner) and changes it only at a quiet point:
 *
 * <ol>
 *   <li>Every API replica holds a shared advisory lock for the input topic while it routes.
 *   <li>A replica that sees the topic grown (or the switch requested by another) stops routing: new
 *       commands wait here, the ones already handed to the producer are flushed to Kafka, the
 *       switch is requested ({@code draining_to}, NOTIFY) and the shared lock released.
 *   <li>It then waits for the exclusive lock, which it gets once no replica routes any more.
 *       Holding it, it reads the end offsets of the old partitions, which now cover every command
 *       routed with the old count, waits until the workers' stored offsets have passed them, and
 *       records the new count.
 *   <li>Every replica takes its shared lock again (after the exclusive one is gone) and routes with
 *       the new count.
 * </ol>
 *
 * <p>A replica that dies releases its locks with its connection, so another one finishes a switch.
 * A replica whose connection is lost stops routing until it holds the shared lock again: without
 * it, a switch could pass it by. Commands wait at most {@link #MAX_WAIT} for the gate, then fail
 * (the API answers 503 and nothing is produced). Until the workers have created {@code
 * input_routing} it routes with the topic's own count. Producers other than the API are not
 * covered.
 */
final class RoutingGate implements AutoCloseable {
  static final String CHANNEL = "appservice_routing";
  private static final Duration ALIVE_EVERY = Duration.ofSeconds(1);

  /**
   * How long a replica routes after the start of its last round trip that proved it holds the
   * shared lock.
   */
  static final Duration LEASE = Duration.ofSeconds(3);

  /**
   * How long the gate waits for a reply before it gives its session up and reconnects. Longer than
   * the lease on purpose: the lease alone stops routing, whatever the socket does.
   */
  private static final Duration SOCKET_TIMEOUT = LEASE.multipliedBy(2);

  /** The API producer's bounds ({@code max.block.ms}, {@code delivery.timeout.ms}). */
  static final Duration PRODUCER_BLOCK = Duration.ofSeconds(3);

  static final Duration PRODUCER_DELIVERY = Duration.ofSeconds(10);
  private static final Duration TOPIC_EVERY = Duration.ofSeconds(5);
  private static final Duration DRAIN_POLL = Duration.ofMillis(200);

  /**
   * The switcher's wait between getting the exclusive lock and reading the end offsets. A replica
   * whose session ended unnoticed stops routing when its lease runs out; a record it handed to the
   * producer just before is written or has failed {@code max.block.ms + delivery.timeout.ms} later.
   */
  static final Duration GRACE = LEASE.plus(PRODUCER_BLOCK).plus(PRODUCER_DELIVERY);

  /** The longest a command waits for the gate (a switch takes the grace plus the workers' lag). */
  static final Duration MAX_WAIT = Duration.ofSeconds(60);

  /** First key of the advisory lock (ASCII "apps"); the second is the input topic's hash. */
  private static final int LOCK_CLASS = 0x61707073;

  private static final String SHARED = "SELECT pg_try_advisory_lock_shared(?, hashtext(?))";
  private static final String UNLOCK_SHARED = "SELECT pg_advisory_unlock_shared(?, hashtext(?))";
  private static final String EXCLUSIVE = "SELECT pg_try_advisory_lock(?, hashtext(?))";
  private static final String HOLDERS =
      """
      SELECT a.pid, a.client_addr, a.application_name, l.mode FROM pg_locks l
      JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ?::oid
        AND l.objid = hashtext(?)::oid AND a.pid <> pg_backend_pid()
      """;
  private static final String UNLOCK = "SELECT pg_advisory_unlock(?, hashtext(?))";
  private static final String CREATE_ROW =
      "INSERT INTO input_routing (input_topic, partitions) VALUES (?, ?) ON CONFLICT DO NOTHING";
  private static final String ROW =
      "SELECT partitions, draining_to FROM input_routing WHERE input_topic = ?";
  private static final String REQUEST =
      """
      UPDATE input_routing SET draining_to = ?, updated_at = now()
      WHERE input_topic = ? AND partitions < ? AND (draining_to IS NULL OR draining_to < ?)
      """;
  private static final String SWITCH =
      """
      UPDATE input_routing SET partitions = draining_to, draining_to = NULL, updated_at = now()
      WHERE input_topic = ? AND draining_to IS NOT NULL
      """;
  private static final String STORED =
      "SELECT input_partition, next_offset FROM input_offsets WHERE input_topic = ?";

  private static final Logger log = LoggerFactory.getLogger(RoutingGate.class);

  /** A command waiting for the gate to open. */
  private record Waiting(IntConsumer send, Consumer<Throwable> fail, long deadline) {}

  private final DatabaseSettings database;
  private final String topic;
  private final Admin admin;
  private final Producer<byte[], byte[]> producer;
  private final Supplier<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> consumers;
  private final Thread thread;

  /** This replica's gate session, as pg_stat_activity names it (for logs and operators). */
  private final String sessionName;

  private final ReentrantReadWriteLock routing = new ReentrantReadWriteLock();
  private final Queue<Waiting> waiting = new ArrayDeque<>();
  private final ScheduledExecutorService expiry =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("routing-expiry").factory());
  private volatile boolean running = true;
  private volatile boolean opened;
  private volatile Connection connection;

  /** The count commands are routed with while open (guarded by {@link #routing}). */
  private int partitions;

  private boolean open;

  /** The topic's partition count as last read (off the gate thread: it may be slow); 0 unknown. */
  private volatile int topicPartitions;

  /**
   * The lease's start: when the last round trip that proved the shared lock was sent
   * (System.nanoTime).
   */
  private volatile long provenAt;

  /** Why commands are held (guarded by {@link #routing}). */
  private String heldBecause = "the routing gate has not started yet";

  /** The last routing problem logged, so that it is logged once, not every second. */
  private String reported;

  /**
   * @param consumers makes the read_committed consumer that checks, during a switch, whether a
   *     partition holds any record beyond a worker's stored offset
   */
  RoutingGate(
      DatabaseSettings database,
      String topic,
      Admin admin,
      Producer<byte[], byte[]> producer,
      Supplier<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> consumers) {
    this.database = database;
    this.topic = topic;
    this.admin = admin;
    this.producer = producer;
    this.consumers = consumers;
    this.thread = Thread.ofPlatform().daemon().name("routing-gate").unstarted(this::run);
    String host = System.getenv().getOrDefault("HOSTNAME", "local");
    this.sessionName =
        "appservice-api-routing " + host + "/" + Long.toHexString(System.nanoTime() & 0xffffff);
  }

  void start() {
    thread.start();
    expiry.scheduleWithFixedDelay(this::expireWaiting, 1, 1, TimeUnit.SECONDS);
    expiry.scheduleWithFixedDelay(
        this::readTopicPartitions, 0, TOPIC_EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void readTopicPartitions() {
    try {
      topicPartitions = describePartitions();
    } catch (RuntimeException e) {
      report("cannot read the partitions of " + topic + ": " + e.getMessage());
    }
  }

  /** Whether the gate has opened once (the replica knows how to route) and still works. */
  boolean initialized() {
    return opened && thread.isAlive();
  }

  /** The partition Kafka's default partitioner would choose for {@code key} among {@code count}. */
  static int partitionFor(byte[] key, int count) {
    return Utils.toPositive(Utils.murmur2(key)) % count;
  }

  /**
   * Calls {@code send} with the partition count to route with, at once when the gate is open, else
   * when it opens; {@code fail} if it stays closed for {@link #MAX_WAIT}. {@code send} runs while
   * the gate cannot close, so it must hand the record to the producer without waiting for Kafka.
   */
  void route(IntConsumer send, Consumer<Throwable> fail) {
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
        waiting.add(new Waiting(send, fail, System.nanoTime() + MAX_WAIT.toNanos()));
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
    return open && System.nanoTime() - provenAt < LEASE.toNanos();
  }

  /** The count commands are routed with now, or 0 while they are held. */
  int partitions() {
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
            w.fail()
                .accept(
                    new IllegalStateException(
                        "commands are held for "
                            + MAX_WAIT.toSeconds()
                            + " s at most, and still are: "
                            + heldBecause));
            return true;
          });
    } finally {
      routing.writeLock().unlock();
    }
  }

  private void run() {
    long backoff = 200;
    try {
      while (running) {
        Connection conn = null;
        try {
          Properties props = new Properties();
          // Every statement here is short (locks are only tried): a read that hangs longer means
          // the session is likely gone, so reconnect. (Routing already stopped with the lease.)
          props.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
          conn = FulfilmentListener.connect(database, sessionName, props);
          connection = conn;
          try (Statement st = conn.createStatement()) {
            st.execute("LISTEN " + CHANNEL);
          }
          takeShared(conn);
          backoff = 200;
          watch(conn);
        } catch (SQLException | RuntimeException e) {
          if (running) {
            log.warn("routing gate lost its database connection, reconnecting: {}", e.toString());
          }
        } finally {
          // Stop routing and flush before the lock goes with the connection: a switch may start
          // the moment it is released.
          try {
            hold("the routing gate lost its database session");
          } catch (RuntimeException e) {
            log.debug("flushing before the lock goes failed: {}", e.toString());
          } finally {
            connection = null;
            closeQuietly(conn);
          }
        }
        if (running) {
          Thread.sleep(backoff);
          backoff = Math.min(backoff * 2, 5_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      if (running) {
        log.error("routing gate failed; this replica holds every command from now on", t);
      }
    }
  }

  /** The {@code application_name} of this replica's gate session. */
  String sessionName() {
    return sessionName;
  }

  /** Whether the gate thread runs (liveness: a replica without it holds every command). */
  boolean alive() {
    return thread.isAlive() || !running;
  }

  /**
   * Takes the shared lock, without queueing: a request queued behind a switcher's exclusive lock
   * would hold up the replicas that queue after it. Waits while a switch holds the exclusive lock.
   */
  private void takeShared(Connection conn) throws SQLException, InterruptedException {
    long since = System.nanoTime();
    while (running && !tryLock(conn, SHARED)) {
      if (System.nanoTime() - since > TimeUnit.SECONDS.toNanos(30)) {
        report("still waiting to route " + topic + ": " + holders(conn));
        since = System.nanoTime();
      }
      Thread.sleep(DRAIN_POLL.toMillis());
    }
  }

  /** Who holds the topic's routing lock, for the log. */
  private String holders(Connection conn) throws SQLException {
    StringBuilder text = new StringBuilder("routing lock held by");
    try (PreparedStatement st = conn.prepareStatement(HOLDERS)) {
      st.setInt(1, LOCK_CLASS);
      st.setString(2, topic);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          text.append(
              String.format(
                  " [pid %d, %s, %s, %s]",
                  rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
    }
    return text.toString();
  }

  /**
   * Holding the shared lock: route, check the session every second, and look for a grown topic or a
   * requested switch.
   */
  private void watch(Connection conn) throws SQLException, InterruptedException {
    PGConnection pg = conn.unwrap(PGConnection.class);
    while (running) {
      int actual = topicPartitions;
      if (actual == 0) {
        Thread.sleep(DRAIN_POLL.toMillis()); // not known yet
        continue;
      }
      // The reply proves the session, and so the lock, alive as of when the request left at the
      // latest: the lease counts from then, not from the reply, which may come late.
      long asked = System.nanoTime();
      Row row = row(conn, actual);
      if (row == null) {
        openWith(actual, asked); // no input_routing yet: the workers have not migrated
      } else if (row.drainingTo() > 0 || actual > row.partitions()) {
        switchTo(conn, Math.max(actual, row.drainingTo()));
        continue;
      } else if (actual < row.partitions()) {
        String problem =
            "input_routing routes "
                + topic
                + " to "
                + row.partitions()
                + " partitions but the topic has "
                + actual
                + " (recreated?); commands are held until the row is fixed: UPDATE input_routing"
                + " SET partitions = "
                + actual
                + " WHERE input_topic = '"
                + topic
                + "'";
        report(problem);
        hold(problem);
      } else {
        openWith(row.partitions(), asked);
      }
      // A notification (another replica asks for a switch) ends the wait early; the row says why.
      pg.getNotifications((int) ALIVE_EVERY.toMillis());
    }
  }

  private void report(String problem) {
    if (!problem.equals(reported)) {
      log.error(problem);
      reported = problem;
    }
  }

  private void switchTo(Connection conn, int count) throws SQLException, InterruptedException {
    hold(
        "the input topic grows to "
            + count
            + " partitions, and the workers of the old ones are applying what was routed before"
            + " (are they all running?)");
    try (PreparedStatement st = conn.prepareStatement(REQUEST)) {
      st.setInt(1, count);
      st.setString(2, topic);
      st.setInt(3, count);
      st.setInt(4, count);
      st.executeUpdate();
    }
    notifyAll(conn);
    lock(conn, UNLOCK_SHARED);
    long since = System.nanoTime();
    while (running) {
      if (tryLock(conn, EXCLUSIVE)) {
        try {
          Row row = row(conn, count);
          if (row != null && row.drainingTo() > 0) {
            Thread.sleep(GRACE.toMillis());
            awaitDrained(conn, endOffsets(row.partitions()));
            try (PreparedStatement st = conn.prepareStatement(SWITCH)) {
              st.setString(1, topic);
              st.executeUpdate();
            }
            log.info("input partitions {} to {}: old partitions drained", row.partitions(), count);
            notifyAll(conn);
          }
        } finally {
          lock(conn, UNLOCK);
        }
        break;
      }
      Row row = row(conn, count);
      if (row == null || (row.drainingTo() == 0 && row.partitions() >= count)) {
        break; // another replica switched
      }
      if (System.nanoTime() - since > TimeUnit.SECONDS.toNanos(30)) {
        report("a switch of " + topic + " to " + count + " partitions waits; " + holders(conn));
        since = System.nanoTime();
      }
      Thread.sleep(DRAIN_POLL.toMillis());
    }
    takeShared(conn);
  }

  private boolean tryLock(Connection conn, String sql) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement(sql)) {
      st.setInt(1, LOCK_CLASS);
      st.setString(2, topic);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /**
   * Waits until the workers have applied every record below {@code ends}: their stored offset has
   * reached it, or no record is left between the two (transaction markers and aborted records take
   * offsets that no worker stores).
   */
  private void awaitDrained(Connection conn, Map<Integer, Long> ends)
      throws SQLException, InterruptedException {
    long lastLog = System.nanoTime();
    try (var consumer = consumers.get()) {
      while (running) {
        Map<Integer, Long> stored = storedOffsets(conn);
        Map<Integer, Long> behind = new HashMap<>();
        ends.forEach(
            (p, end) -> {
              long at = stored.getOrDefault(p, 0L);
              if (at < end && recordsLeft(consumer, p, at, end)) {
                behind.put(p, end - at);
              }
            });
        if (behind.isEmpty()) {
          return;
        }
        if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(10)) {
          log.info(
              "waiting for the workers to drain {} (offsets left by partition: {})", topic, behind);
          lastLog = System.nanoTime();
        }
        Thread.sleep(DRAIN_POLL.toMillis());
      }
    }
    throw new InterruptedException("stopping");
  }

  private Map<Integer, Long> storedOffsets(Connection conn) throws SQLException {
    Map<Integer, Long> stored = new HashMap<>();
    try (PreparedStatement st = conn.prepareStatement(STORED)) {
      st.setString(1, topic);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          stored.put(rs.getInt(1), rs.getLong(2));
        }
      }
    }
    return stored;
  }

  /** Whether a (committed) record sits at or after {@code from} and before {@code end}. */
  private boolean recordsLeft(
      org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
      int partition,
      long from,
      long end) {
    TopicPartition tp = new TopicPartition(topic, partition);
    consumer.assign(List.of(tp));
    consumer.seek(tp, from);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (System.nanoTime() < deadline) {
      for (var r : consumer.poll(Duration.ofMillis(100)).records(tp)) {
        if (r.offset() < end) {
          return true;
        }
      }
      if (consumer.position(tp) >= end) {
        return false;
      }
    }
    return true; // could not tell: assume there is
  }

  private record Row(int partitions, int drainingTo) {}

  /** The routing row, created with {@code actual} if missing; null if the table does not exist. */
  private Row row(Connection conn, int actual) throws SQLException {
    try {
      try (PreparedStatement st = conn.prepareStatement(CREATE_ROW)) {
        st.setString(1, topic);
        st.setInt(2, actual);
        st.executeUpdate();
      }
      try (PreparedStatement st = conn.prepareStatement(ROW)) {
        st.setString(1, topic);
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          return new Row(rs.getInt(1), rs.getInt(2));
        }
      }
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return null;
      }
      throw e;
    }
  }

  private void lock(Connection conn, String sql) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement(sql)) {
      st.setInt(1, LOCK_CLASS);
      st.setString(2, topic);
      st.executeQuery().close();
    }
  }

  private void notifyAll(Connection conn) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement("SELECT pg_notify(?, ?)")) {
      st.setString(1, CHANNEL);
      st.setString(2, topic);
      st.executeQuery().close();
    }
  }

  private int describePartitions() {
    try {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(10, TimeUnit.SECONDS)
          .get(topic)
          .partitions()
          .size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot describe " + topic + ": " + e.getMessage(), e);
    }
  }

  private Map<Integer, Long> endOffsets(int count) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < count; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    try {
      Map<Integer, Long> ends = new HashMap<>();
      admin
          .listOffsets(request)
          .all()
          .get(10, TimeUnit.SECONDS)
          .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
      return ends;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read end offsets of " + topic, e);
    }
  }

  private static void closeQuietly(Connection conn) {
    if (conn != null) {
      try {
        conn.close();
      } catch (SQLException ignored) {
        // The session ends with it either way.
      }
    }
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
        closeQuietly(connection); // unblocks a read
        thread.join(2_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
