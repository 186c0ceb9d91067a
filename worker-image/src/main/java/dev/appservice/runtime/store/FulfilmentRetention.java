package dev.appservice.runtime.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Forgets commands older than the retention ({@code COMMAND_RETENTION}): their rows in {@code
 * command_fulfilment}, found through the batches' {@code fulfilment_log} entries, oldest first. A
 * forgotten command id is new again: posted once more, it is applied once more, and its status
 * reads as unknown. Each worker prunes its own partition, a few batches per transaction, off the
 * batch loop (its own connection), so pruning never holds up materialization.
 */
public final class FulfilmentRetention {
  /** Batches (log entries) per pruning transaction: at most 50 x BATCH_MAX_RECORDS ids. */
  public static final int BATCHES_PER_TRANSACTION = 50;

  // The oldest expired entries of the partition, through the (partition, recorded_at) index.
  private static final String PRUNE =
      """
      WITH oldest AS (
        SELECT ctid AS row FROM fulfilment_log
        WHERE input_topic = ? AND input_partition = ?
          AND recorded_at < now() - make_interval(secs => ?)
        ORDER BY recorded_at LIMIT ?
      ), expired AS (
        DELETE FROM fulfilment_log l USING oldest o WHERE l.ctid = o.row
        RETURNING l.command_ids
      ), pruned AS (
        DELETE FROM command_fulfilment
        WHERE command_id IN (SELECT unnest(command_ids) FROM expired)
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM expired), (SELECT count(*) FROM pruned)
      """;

  private final DataSource dataSource;
  private final String topic;
  private final int partition;
  private final Duration retention;

  public FulfilmentRetention(
      DataSource dataSource, String topic, int partition, Duration retention) {
    this.dataSource = dataSource;
    this.topic = topic;
    this.partition = partition;
    this.retention = retention;
  }

  /**
   * How often to look for expired commands: at most once a minute, more often if they expire
   * sooner.
   */
  public static Duration interval(Duration retention) {
    return retention.compareTo(Duration.ofMinutes(1)) < 0 ? retention : Duration.ofMinutes(1);
  }

  /**
   * Prunes everything that has expired, one transaction per {@link #BATCHES_PER_TRANSACTION}
   * batches.
   *
   * @return the number of commands forgotten
   */
  public long pruneExpired() throws SQLException {
    long commands = 0;
    try (Connection conn = dataSource.getConnection();
        PreparedStatement st = conn.prepareStatement(PRUNE)) {
      conn.setAutoCommit(true);
      st.setString(1, topic);
      st.setInt(2, partition);
      st.setDouble(3, retention.toMillis() / 1000.0);
      st.setInt(4, BATCHES_PER_TRANSACTION);
      while (true) {
        long batches;
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          batches = rs.getLong(1);
          commands += rs.getLong(2);
        }
        if (batches < BATCHES_PER_TRANSACTION) {
          return commands;
        }
      }
    }
  }
}
