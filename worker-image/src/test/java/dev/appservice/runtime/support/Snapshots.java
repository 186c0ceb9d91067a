package dev.appservice.runtime.support;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** What "the database is unchanged" means: every materialized row, minus wall-clock columns. */
public final class Snapshots {
  private Snapshots() {}

  public static List<Map<String, Object>> documents(Db db) throws SQLException {
    return db.rows(
        "SELECT entity, id, doc::text AS doc, version, command_id FROM documents ORDER BY entity, id");
  }

  public static List<Map<String, Object>> fulfilment(Db db) throws SQLException {
    return db.rows(
        "SELECT command_id, status, input_offset, output_events, error"
            + " FROM command_fulfilment ORDER BY command_id");
  }
}
