package dev.appservice.runtime.store;

import dev.appservice.runtime.spi.EventHandler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Schema of the runtime's tables and of the handler's tables, each with its own history table.
 *
 * <p>All workers of an AppService start at once. Flyway locks a history table only once it exists,
 * and with two history tables in one schema the baseline step races (a worker finds the other's
 * brand-new, still empty history table and refuses to baseline it). So the whole migration runs
 * under one database-wide advisory lock, held on a connection of its own.
 */
public final class Migrations {
  private static final int LOCK_CLASS = "appservice".hashCode();
  private static final int LOCK_MIGRATIONS = 0;

  private Migrations() {}

  public static void migrate(DataSource dataSource, EventHandler handler) {
    try (Connection lock = dataSource.getConnection()) {
      lock.setAutoCommit(true);
      advisoryLock(lock, "SELECT pg_advisory_lock(?, ?)");
      try {
        migrateLocked(dataSource, handler);
      } finally {
        advisoryLock(lock, "SELECT pg_advisory_unlock(?, ?)");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot lock the schema for migrations", e);
    }
  }

  private static void advisoryLock(Connection conn, String sql) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement(sql)) {
      st.setInt(1, LOCK_CLASS);
      st.setInt(2, LOCK_MIGRATIONS);
      st.executeQuery().close();
    }
  }

  private static void migrateLocked(DataSource dataSource, EventHandler handler) {
    flyway(dataSource, "db/runtime", "appservice_runtime_schema_history");
    handler
        .sharedMigrations()
        .forEach((name, location) -> flyway(dataSource, location, history(name)));
    handler
        .migrations()
        .ifPresent(location -> flyway(dataSource, location, history(handler.name())));
  }

  private static String history(String handler) {
    return "appservice_handler_" + handler.replaceAll("\\W", "_") + "_history";
  }

  private static void flyway(DataSource dataSource, String location, String historyTable) {
    // The context class loader also sees handler jars (the runtime image's /app/handlers).
    Flyway.configure(Thread.currentThread().getContextClassLoader())
        .dataSource(dataSource)
        .locations("classpath:" + location)
        .table(historyTable)
        // Several history tables share the schema, so a non-empty schema is normal here.
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}
