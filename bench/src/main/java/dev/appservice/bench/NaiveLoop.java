package dev.appservice.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.appservice.kit.LocalPostgres;
import dev.appservice.runtime.document.DocumentHandler;
import dev.appservice.runtime.document.DocumentTable;
import dev.appservice.runtime.store.Migrations;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * B2, the naive worker: one record at a time, each with its own auto-committed update, a
 * synchronous produce and a synchronous offset commit.
 */
final class NaiveLoop {
  static double eventsPerSecond(Infra infra, Workload workload, int events) throws Exception {
    String topic = "naive.commands";
    infra.createTopics(1, topic, "naive.events");
    workload.produce(infra.bootstrap(), topic, events);
    TopicPartition tp = new TopicPartition(topic, 0);
    ObjectMapper json = new ObjectMapper();
    CloudEventDeserializer deserializer = new CloudEventDeserializer();
    try (HikariDataSource ds = dataSource(infra);
        KafkaConsumer<byte[], byte[]> consumer = consumer(infra);
        KafkaProducer<byte[], byte[]> producer = producer(infra)) {
      Migrations.migrate(ds, new DocumentHandler());
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      try (Connection conn = ds.getConnection();
          PreparedStatement st = conn.prepareStatement(DocumentTable.UPSERT_ONE)) {
        long start = System.nanoTime();
        int done = 0;
        while (done < events) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            CloudEvent event = deserializer.deserialize(topic, r.headers(), r.value());
            byte[] data = event.getData().toBytes();
            json.readTree(data);
            st.setString(1, "customer");
            st.setString(2, event.getSubject());
            st.setString(3, new String(data, StandardCharsets.UTF_8));
            st.setString(4, event.getId());
            st.executeUpdate();
            producer.send(new ProducerRecord<>("naive.events", r.key(), data)).get();
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(r.offset() + 1)));
            done++;
          }
        }
        return events / ((System.nanoTime() - start) / 1e9);
      }
    }
  }

  private static HikariDataSource dataSource(Infra infra) throws Exception {
    HikariDataSource ds = new HikariDataSource();
    ds.setJdbcUrl(infra.newDatabase());
    ds.setUsername(LocalPostgres.USER);
    ds.setPassword(LocalPostgres.PASSWORD);
    return ds;
  }

  private static KafkaConsumer<byte[], byte[]> consumer(Infra infra) {
    return new KafkaConsumer<>(
        Map.of(
            "bootstrap.servers", infra.bootstrap(),
            "group.id", "naive",
            "enable.auto.commit", "false"),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  private static KafkaProducer<byte[], byte[]> producer(Infra infra) {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", infra.bootstrap(), "acks", "all", "enable.idempotence", "true"),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private NaiveLoop() {}
}
