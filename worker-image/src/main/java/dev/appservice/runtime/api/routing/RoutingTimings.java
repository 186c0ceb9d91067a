package dev.appservice.runtime.api.routing;

import java.time.Duration;

/** The timings of the rescale protocol (DESIGN.md beside this class derives them). */
public final class RoutingTimings {
  /**
   * How long a replica routes after the start of its last round trip that proved it holds the
   * shared lock.
   */
  public static final Duration LEASE = Duration.ofSeconds(3);

  /** The API producer's bounds ({@code max.block.ms}, {@code delivery.timeout.ms}). */
  public static final Duration PRODUCER_BLOCK = Duration.ofSeconds(3);

  public static final Duration PRODUCER_DELIVERY = Duration.ofSeconds(10);

  /** The longest a command waits for the gate (a switch takes the grace plus the workers' lag). */
  public static final Duration MAX_WAIT = Duration.ofSeconds(60);

  /** How often the gate reads the input topic's partition count (a NOTIFY also wakes it). */
  static final Duration TOPIC_EVERY = Duration.ofSeconds(5);

  /**
   * The switcher's wait between getting the exclusive lock and reading the end offsets. A replica
   * whose session ended unnoticed stops routing when its lease runs out; a record it handed to the
   * producer just before is written or has failed {@code max.block.ms + delivery.timeout.ms} later.
   */
  static final Duration GRACE = LEASE.plus(PRODUCER_BLOCK).plus(PRODUCER_DELIVERY);

  /** How often locks, rows and offsets are looked at again while waiting for them. */
  static final Duration POLL = Duration.ofMillis(200);

  /**
   * How long the session waits for a reply before it gives up and reconnects. Longer than the lease
   * on purpose: the lease alone stops routing, whatever the socket does.
   */
  static final Duration SOCKET_TIMEOUT = LEASE.multipliedBy(2);

  private RoutingTimings() {}
}
