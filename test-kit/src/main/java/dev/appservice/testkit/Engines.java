package dev.appservice.testkit;

import dev.appservice.kit.LocalKafka;
import dev.appservice.kit.LocalPostgres;
import dev.appservice.kit.WorkDirectory;

/**
 * The real PostgreSQL and Kafka, started once per test JVM (JUnit's root store closes them when the
 * run ends); each test class gets its own database and topics on them.
 */
final class Engines implements AutoCloseable {
  private final WorkDirectory directory;
  final LocalPostgres postgres;
  final LocalKafka kafka;

  private Engines(WorkDirectory directory, LocalPostgres postgres, LocalKafka kafka) {
    this.directory = directory;
    this.postgres = postgres;
    this.kafka = kafka;
  }

  static Engines start() {
    WorkDirectory directory = null;
    LocalPostgres postgres = null;
    try {
      directory = WorkDirectory.create("appservice-test-kit");
      postgres = LocalPostgres.start(directory.resolve("pg"));
      LocalKafka kafka = LocalKafka.start(directory.resolve("kafka"));
      return new Engines(directory, postgres, kafka);
    } catch (Exception e) {
      closeQuietly(postgres);
      closeQuietly(directory);
      throw new IllegalStateException("the test kit could not start PostgreSQL and Kafka", e);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      kafka.close();
    } finally {
      try {
        postgres.close();
      } finally {
        directory.close();
      }
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // Already failing; the start error is the one to report.
      }
    }
  }
}
