package dev.appservice.runtime.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small query helpers for asserting on what the worker materialized. */
public record Db(String jdbcUrl) {

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
  }

  public List<Map<String, Object>> rows(String sql, Object... params) throws SQLException {
    try (Connection conn = connect();
        PreparedStatement st = conn.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int c = 1; c <= meta.getColumnCount(); c++) {
            Object value = rs.getObject(c);
            row.put(meta.getColumnLabel(c), value == null ? null : value.toString());
          }
          rows.add(row);
        }
        return rows;
      }
    }
  }

  public long scalar(String sql, Object... params) throws SQLException {
    List<Map<String, Object>> rows = rows(sql, params);
    if (rows.isEmpty()) {
      return -1;
    }
    Object value = rows.getFirst().values().iterator().next();
    return value == null ? -1 : Long.parseLong(value.toString());
  }

  /** The stored next input offset, or -1 before the worker owns the partition. */
  public long nextOffset(String topic, int partition) {
    try {
      return scalar(
          "SELECT next_offset FROM input_offsets WHERE input_topic = ? AND input_partition = ?",
          topic,
          partition);
    } catch (SQLException e) {
      return -1; // tables not migrated yet, or database restarting
    }
  }

  public void execute(String sql) throws SQLException {
    try (Connection conn = connect()) {
      conn.createStatement().execute(sql);
    }
  }
}
