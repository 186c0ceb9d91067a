package dev.appservice.kit;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka: one combined broker and KRaft controller in this JVM, from Kafka's own
 * test kit. Every internal topic has one replica, and a consumer group's first rebalance is not
 * delayed (a laptop has no other members to wait for).
 */
public final class LocalKafka implements AutoCloseable {
  private final KafkaClusterTestKit cluster;

  private LocalKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /**
   * Formats a log under {@code baseDirectory} and starts the broker; returns once it is ready. The
   * caller owns the directory (a broker's log is only meaningful with the offsets stored beside it,
   * so whoever removes one removes both).
   */
  public static LocalKafka start(Path baseDirectory) throws Exception {
    return start(baseDirectory, Uuid.randomUuid().toString(), true, true);
  }

  /**
   * Starts the broker on the log under {@code baseDirectory}, formatting it only the first time
   * (its cluster id is kept in {@value #CLUSTER_ID_FILE} there), and leaves the log in place on
   * {@link #close()}: topics and records survive a restart, for a local mode that keeps its data.
   */
  public static LocalKafka startKeepingData(Path baseDirectory) throws Exception {
    Path idFile = baseDirectory.resolve(CLUSTER_ID_FILE);
    boolean formatted = Files.exists(idFile);
    String clusterId = formatted ? Files.readString(idFile).trim() : Uuid.randomUuid().toString();
    LocalKafka kafka = start(baseDirectory, clusterId, !formatted, false);
    if (!formatted) {
      Files.writeString(idFile, clusterId + "\n");
    }
    return kafka;
  }

  /** Where {@link #startKeepingData} keeps the cluster id of a formatted log. */
  static final String CLUSTER_ID_FILE = "cluster.id";

  private static LocalKafka start(
      Path baseDirectory, String clusterId, boolean format, boolean deleteOnClose)
      throws Exception {
    Files.createDirectories(baseDirectory);
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setClusterId(clusterId)
                    .setBaseDirectory(baseDirectory.toAbsolutePath())
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setDeleteOnClose(deleteOnClose)
            .build();
    try {
      if (format) {
        formatQuietly(cluster);
      }
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new LocalKafka(cluster);
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The test kit prints its formatting report to stdout; nobody running the kit needs it. */
  private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      cluster.format();
    } finally {
      System.setOut(out);
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Creates the topics, each with {@code partitions} partitions and one replica. */
  public void createTopics(int partitions, String... topics) throws Exception {
    List<NewTopic> newTopics = new ArrayList<>();
    for (String topic : topics) {
      newTopics.add(new NewTopic(topic, partitions, (short) 1));
    }
    createTopics(newTopics);
  }

  public void createTopics(List<NewTopic> topics) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
      admin.createTopics(topics).all().get();
    }
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
