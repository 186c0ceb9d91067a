package dev.appservice.runtime.support;

import dev.appservice.kit.LocalKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The kit's real single-node KRaft Kafka, shared by the tests, plus the client helpers they need.
 */
public final class TestKafka implements AutoCloseable {
  private static TestKafka shared;

  private final LocalKafka kafka;

  private TestKafka() throws Exception {
    // Under target/, not /tmp: nothing else on the machine cleans it up mid-run.
    kafka =
        LocalKafka.start(Files.createTempDirectory(Path.of("target").toAbsolutePath(), "kafka"));
  }

  /** One broker for all tests of the JVM; tests isolate themselves by topic name. */
  public static synchronized TestKafka shared() throws Exception {
    if (shared == null) {
      shared = new TestKafka();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::closeQuietly));
    }
    return shared;
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public static void createTopics(String bootstrap, int partitions, String... topics)
      throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      List<NewTopic> newTopics = new ArrayList<>();
      for (String t : topics) {
        newTopics.add(new NewTopic(t, partitions, (short) 1));
      }
      admin.createTopics(newTopics).all().get();
    }
  }

  public void createTopics(int partitions, String... topics) throws Exception {
    kafka.createTopics(partitions, topics);
  }

  /**
   * The tests' own producers are not idempotent: Kafka 4.3's broker can refuse an idempotent
   * producer's first batches forever as out of sequence when they race the creation of the
   * partition (KAFKA-15591). One request in flight keeps the order without idempotence.
   */
  public static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            "bootstrap.servers", bootstrap,
            "acks", "all",
            "enable.idempotence", "false",
            "max.in.flight.requests.per.connection", "1",
            "linger.ms", "5"),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  public KafkaProducer<byte[], byte[]> producer() {
    return producer(bootstrapServers());
  }

  public void send(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (ProducerRecord<byte[], byte[]> r : records) {
        producer.send(r);
      }
      producer.flush();
    }
  }

  /** Reads a whole topic partition from the beginning up to its current end. */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(
      String bootstrap, String topic, int partition) {
    TopicPartition tp = new TopicPartition(topic, partition);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.assign(Set.of(tp));
      consumer.seekToBeginning(Set.of(tp));
      long end = consumer.endOffsets(Set.of(tp)).get(tp);
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      while (consumer.position(tp) < end) {
        records.addAll(consumer.poll(Duration.ofMillis(500)).records(tp));
      }
      return records;
    }
  }

  public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int partition) {
    return readAll(bootstrapServers(), topic, partition);
  }

  private void closeQuietly() {
    try {
      close();
    } catch (Exception ignored) {
      // JVM is exiting.
    }
  }

  @Override
  public void close() throws Exception {
    kafka.close();
  }
}
