package dev.appservice.runtime.store;

import dev.appservice.runtime.config.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Dedicated database sessions outside the pools: for LISTEN, or to hold a session lock. */
public final class Sessions {
  private Sessions() {}

  public static Connection connect(DatabaseSettings database, String applicationName)
      throws SQLException {
    return connect(database, applicationName, new Properties());
  }

  /**
   * @param extra more connection properties, e.g. a {@code socketTimeout}
   */
  public static Connection connect(
      DatabaseSettings database, String applicationName, Properties extra) throws SQLException {
    Properties props = new Properties();
    props.putAll(extra);
    props.setProperty("user", database.user());
    props.setProperty("password", database.password());
    props.setProperty("tcpKeepAlive", "true");
    props.setProperty("ApplicationName", applicationName);
    props.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(database.jdbcUrl(), props);
  }

  /** Whether a statement failed because a table does not exist (yet): no worker migrated. */
  public static boolean noSuchTable(SQLException e) {
    return "42P01".equals(e.getSQLState());
  }
}
