package dev.appservice.bench;

import dev.appservice.runtime.store.Fulfilment;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker's own fulfilment write, driven by the benchmark: per batch, the per-command rows and
 * the batch's log entry in one round trip, through the same {@link Fulfilment} the worker uses.
 */
public final class FulfilmentRows {
  private final Fulfilment fulfilment;
  private final List<Fulfilment.Entry> entries = new ArrayList<>();

  public FulfilmentRows(String topic, int partition) {
    this.fulfilment = new Fulfilment(topic, partition);
  }

  /** A command applied at {@code offset} without output events. */
  public void add(String commandId, long offset) {
    entries.add(new Fulfilment.Entry(commandId, offset, 0, null, false));
  }

  /** Writes and clears the rows added so far, in the caller's transaction. */
  public void write(Connection conn) throws SQLException {
    long next = entries.isEmpty() ? 0 : entries.getLast().offset() + 1;
    if (!fulfilment.record(conn, entries, next)) {
      throw new SQLException("a command id was already recorded", "23505");
    }
    entries.clear();
  }
}
