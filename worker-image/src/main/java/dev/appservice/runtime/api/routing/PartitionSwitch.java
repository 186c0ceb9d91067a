package dev.appservice.runtime.api.routing;

import dev.appservice.runtime.store.OffsetStore;
import dev.appservice.runtime.store.RoutingTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches the routing of the input topic to more partitions at a quiet point (steps 2 and 3 of the
 * protocol in DESIGN.md): hold and flush, request the switch, give up the shared lock, and, once
 * the exclusive lock is had, wait the grace, wait until the workers have applied everything routed
 * with the old count, and record the new count.
 */
final class PartitionSwitch {
  private static final Logger log = LoggerFactory.getLogger(PartitionSwitch.class);

  private final GateControl gate;
  private final RoutingTable table;
  private final RoutingLocks locks;
  private final InputTopic input;
  private final BooleanSupplier running;
  private final Consumer<String> report;

  PartitionSwitch(
      GateControl gate,
      RoutingTable table,
      RoutingLocks locks,
      InputTopic input,
      BooleanSupplier running,
      Consumer<String> report) {
    this.gate = gate;
    this.table = table;
    this.locks = locks;
    this.input = input;
    this.running = running;
    this.report = report;
  }

  /**
   * Takes the switch to {@code count} partitions as far as this replica can: it returns once the
   * switch is done (by this replica or another), with the shared lock released.
   */
  void switchTo(Connection conn, int count) throws SQLException, InterruptedException {
    gate.hold(
        "the input topic grows to "
            + count
            + " partitions, and the workers of the old ones are applying what was routed before"
            + " (are they all running?)");
    table.request(conn, count);
    table.notifyReplicas(conn);
    locks.releaseShared(conn);
    long since = System.nanoTime();
    while (running.getAsBoolean()) {
      if (locks.tryExclusive(conn)) {
        try {
          RoutingTable.Row row = table.row(conn, count);
          if (row != null && row.drainingTo() > 0) {
            Thread.sleep(RoutingTimings.GRACE.toMillis());
            awaitDrained(conn, input.endOffsets(row.partitions()));
            table.completeSwitch(conn);
            log.info("input partitions {} to {}: old partitions drained", row.partitions(), count);
            table.notifyReplicas(conn);
          }
        } finally {
          locks.releaseExclusive(conn);
        }
        return;
      }
      RoutingTable.Row row = table.row(conn, count);
      if (row == null || (row.drainingTo() == 0 && row.partitions() >= count)) {
        return; // another replica switched
      }
      if (System.nanoTime() - since > TimeUnit.SECONDS.toNanos(30)) {
        report.accept(
            "a switch of "
                + input.name()
                + " to "
                + count
                + " partitions waits; "
                + locks.holders(conn));
        since = System.nanoTime();
      }
      Thread.sleep(RoutingTimings.POLL.toMillis());
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
    try (var consumer = input.consumer()) {
      while (running.getAsBoolean()) {
        Map<Integer, Long> stored = OffsetStore.storedOffsets(conn, input.name());
        Map<Integer, Long> behind = new HashMap<>();
        ends.forEach(
            (p, end) -> {
              long at = stored.getOrDefault(p, 0L);
              if (at < end && input.recordsLeft(consumer, p, at, end)) {
                behind.put(p, end - at);
              }
            });
        if (behind.isEmpty()) {
          return;
        }
        if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(10)) {
          log.info(
              "waiting for the workers to drain {} (offsets left by partition: {})",
              input.name(),
              behind);
          lastLog = System.nanoTime();
        }
        Thread.sleep(RoutingTimings.POLL.toMillis());
      }
    }
    throw new InterruptedException("stopping");
  }
}
