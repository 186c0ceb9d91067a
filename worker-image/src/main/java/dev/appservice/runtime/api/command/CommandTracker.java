package dev.appservice.runtime.api.command;

import dev.appservice.runtime.store.CommandKey;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands this process produced and whose outcome is not known yet. Each knows its input position
 * from the producer's acknowledgement; the worker's notification {@code <topic>:<partition>:<next>}
 * says every command of the partition below {@code next} is recorded, so one notification wakes all
 * commands it passes and one query reads their outcomes. Waiting costs a future, never a thread.
 *
 * <p>No lost wake-ups: a command acknowledged after the notification that passed it is checked at
 * once (the high-water mark per partition), and after the listener reconnects every tracked command
 * is checked again. A slow sweep is the last line of defence and expires forgotten entries.
 */
public final class CommandTracker {
  private static final Logger log = LoggerFactory.getLogger(CommandTracker.class);
  private static final Duration EXPIRY = Duration.ofMinutes(10);

  /**
   * One command in flight; {@code outcome} completes when the worker has recorded it. A command is
   * either produced by this process, or {@code followed}: produced elsewhere (another replica, or
   * this one before a restart) and known here only by the input position its Location names.
   */
  public static final class InFlight {
    public final String id;
    final boolean followed;
    final long created = System.nanoTime();
    public final CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    public final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    public volatile int partition = -1;
    public volatile long offset = -1;

    /** Requests waiting on a followed command (guarded by the tracker). */
    private int waiters;

    InFlight(String id) {
      this(id, false);
    }

    private InFlight(String id, boolean followed) {
      this.id = id;
      this.followed = followed;
    }
  }

  /** The worker passed a followed command's position without recording its id there. */
  public static final class NotRecorded extends RuntimeException {
    NotRecorded(InFlight f) {
      super(
          "no command '"
              + CommandKey.id(f.id)
              + "' was recorded at partition "
              + f.partition
              + ", offset "
              + f.offset,
          null,
          false,
          false);
    }
  }

  private static final Comparator<InFlight> BY_OFFSET =
      Comparator.<InFlight>comparingLong(f -> f.offset).thenComparing(f -> f.id);

  private final OutcomeStore store;

  /** Commands this process produced: a POST of the same id joins them. */
  private final Map<String, InFlight> byId = new ConcurrentHashMap<>();

  /** Commands produced elsewhere that requests here wait for; a POST never joins them. */
  private final Map<String, InFlight> followed = new ConcurrentHashMap<>();

  private final Map<Integer, NavigableSet<InFlight>> byPartition = new ConcurrentHashMap<>();
  private final Map<Integer, Long> highWater = new ConcurrentHashMap<>();
  private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();

  private final int maxTracked;

  /**
   * This replica tracks {@code maxTracked} commands already (produced here and not yet fulfilled,
   * or followed): a new one is refused until some are. Overload, not bad input.
   */
  public static final class Full extends RuntimeException {
    Full(int maxTracked) {
      super(
          "this replica already waits for "
              + maxTracked
              + " commands to be fulfilled (the workers may be behind or down)",
          null,
          false,
          false);
    }
  }

  /**
   * @param maxTracked how many commands may be in flight here at once ({@code
   *     API_MAX_TRACKED_COMMANDS})
   */
  public CommandTracker(OutcomeStore store, int maxTracked) {
    this.store = store;
    this.maxTracked = maxTracked;
  }

  private void checkRoom() {
    if (byId.size() + followed.size() >= maxTracked) {
      throw new Full(maxTracked);
    }
  }

  InFlight get(String id) {
    return byId.get(id);
  }

  /** Tracks {@code fresh} unless the id is tracked already; returns the tracked one. */
  InFlight track(String id, InFlight fresh) {
    InFlight known = byId.get(id);
    if (known != null) {
      return known;
    }
    checkRoom();
    InFlight existing = byId.putIfAbsent(id, fresh);
    return existing == null ? fresh : existing;
  }

  /** Stops tracking {@code f} (its outcome is known, or it was never produced). */
  void forget(InFlight f) {
    (f.followed ? followed : byId).remove(f.id, f);
  }

  /**
   * Waits here for a command another process produced at this input position: joins the command if
   * this process produced it too, or the entry other requests here follow, else starts one. Every
   * call must be matched by {@link #release} when its request ends.
   */
  synchronized InFlight follow(String id, int partition, long offset) {
    InFlight produced = byId.get(id);
    if (produced != null) {
      return produced;
    }
    InFlight f = followed.get(id);
    if (f == null) {
      checkRoom();
      f = new InFlight(id, true);
      followed.put(id, f);
      acknowledged(f, partition, offset);
    }
    f.waiters++;
    return f;
  }

  /** A request that followed {@code f} ended: the last one stops tracking it. */
  synchronized void release(InFlight f) {
    if (f.followed && --f.waiters <= 0) {
      forget(f);
      removeFromPartition(f);
    }
  }

  private boolean tracked(InFlight f) {
    return (f.followed ? followed : byId).get(f.id) == f;
  }

  private List<InFlight> all() {
    List<InFlight> all = new ArrayList<>(byId.values());
    all.addAll(followed.values());
    return all;
  }

  public int inFlight() {
    return byId.size();
  }

  /** The producer acknowledged the command at this input position. */
  void acknowledged(InFlight f, int partition, long offset) {
    f.partition = partition;
    f.offset = offset;
    byPartition.computeIfAbsent(partition, p -> new ConcurrentSkipListSet<>(BY_OFFSET)).add(f);
    f.acknowledged.complete(null);
    if (highWater.getOrDefault(partition, -1L) > offset) {
      passed(partition, highWater.get(partition));
    }
  }

  /** The worker committed everything of {@code partition} below {@code nextOffset}. */
  void passed(int partition, long nextOffset) {
    highWater.merge(partition, nextOffset, Math::max);
    NavigableSet<InFlight> waiting = byPartition.get(partition);
    if (waiting == null || waiting.isEmpty()) {
      return;
    }
    List<InFlight> due = new ArrayList<>();
    for (InFlight f = waiting.pollFirst(); f != null; f = waiting.pollFirst()) {
      if (!tracked(f)) {
        continue; // released meanwhile
      }
      if (f.offset >= nextOffset) {
        waiting.add(f);
        break;
      }
      due.add(f);
    }
    if (!due.isEmpty()) {
      readers.execute(() -> resolve(due, true));
    }
  }

  /** Checks every acknowledged command against the table, e.g. after the listener reconnected. */
  void recheckAll() {
    List<InFlight> all = all().stream().filter(f -> f.offset >= 0).toList();
    if (!all.isEmpty()) {
      readers.execute(() -> resolve(all, false));
    }
  }

  /** The slow safety net: re-reads old commands and expires forgotten ones. */
  void sweep(Duration olderThan) {
    long now = System.nanoTime();
    List<InFlight> old = new ArrayList<>();
    for (InFlight f : all()) {
      if (now - f.created > EXPIRY.toNanos()) {
        forget(f);
        removeFromPartition(f);
      } else if (f.offset >= 0 && now - f.created > olderThan.toNanos()) {
        old.add(f);
      }
    }
    if (!old.isEmpty()) {
      readers.execute(() -> resolve(old, false));
    }
  }

  /**
   * @param passed the notification guarantees a row for each: one that is missing was never
   *     recorded. A command produced here stays tracked until it expires (its waiters time out); a
   *     followed one was named by a position where the worker recorded no such id, so its waiters
   *     learn that now ({@link NotRecorded}).
   */
  private void resolve(List<InFlight> commands, boolean passed) {
    Map<String, Outcome> outcomes;
    try {
      outcomes = store.find(commands.stream().map(f -> f.id).toList());
    } catch (SQLException | RuntimeException e) {
      log.warn("reading outcomes failed; they will be re-read: {}", e.toString());
      commands.forEach(this::requeue);
      return;
    }
    for (InFlight f : commands) {
      Outcome o = outcomes.get(f.id);
      if (o != null) {
        removeFromPartition(f);
        forget(f);
        f.outcome.complete(o);
      } else if (!passed) {
        requeue(f);
      } else if (f.followed) {
        removeFromPartition(f);
        forget(f);
        f.outcome.completeExceptionally(new NotRecorded(f));
      }
    }
  }

  private void requeue(InFlight f) {
    NavigableSet<InFlight> set = byPartition.get(f.partition);
    if (set != null && tracked(f)) {
      set.add(f);
    }
  }

  private void removeFromPartition(InFlight f) {
    NavigableSet<InFlight> set = byPartition.get(f.partition);
    if (set != null) {
      set.remove(f);
    }
  }

  /**
   * On shutdown: every waiting request is answered now ({@code 202}, poll the Location) instead of
   * having its connection cut when the server stops.
   */
  public void releaseWaiters() {
    all().forEach(f -> f.outcome.complete(null));
  }

  public void close() {
    readers.shutdownNow();
  }
}
