package dev.appservice.runtime.worker;

import dev.appservice.runtime.config.RuntimeConfig;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Client settings that the worker's guarantees depend on; not overridable on purpose. */
final class KafkaClients {
  private KafkaClients() {}

  static Consumer<byte[], byte[]> consumer(RuntimeConfig config) {
    Map<String, Object> props = config.kafka().clientProperties();
    props.put("group.id", config.consumerGroup());
    props.put("client.id", config.appService() + "-worker-" + config.ownedPartition());
    // The database holds the position; Kafka's committed offset is for lag dashboards only.
    props.put("enable.auto.commit", "false");
    props.put("auto.offset.reset", "earliest");
    props.put("isolation.level", "read_committed");
    props.put("max.poll.records", config.batchMaxRecords());
    props.put("max.partition.fetch.bytes", 16 * 1024 * 1024);
    props.put("fetch.max.wait.ms", 100);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  static Producer<byte[], byte[]> producer(RuntimeConfig config) {
    Map<String, Object> props = config.kafka().producerProperties();
    props.put("client.id", config.appService() + "-outbox-" + config.ownedPartition());
    props.put("enable.idempotence", "true");
    props.put("acks", "all");
    // One request in flight: if a request fails for good, nothing after it was written, so
    // republishing the outbox keeps per-key order (KAFKA-15591 shows how five can reorder).
    props.put("max.in.flight.requests.per.connection", 1);
    // A batch's records are handed over all at once and not flushed (the send overlaps the next
    // transaction), so lingering would only delay them; while a request is in flight the rest
    // of the batch accumulates into the next one anyway.
    props.put("linger.ms", 0);
    // Never larger than a record may be: the topics' max.message.bytes is set just above that.
    props.put("batch.size", Math.min(256 * 1024, config.kafka().maxRecordBytes()));
    props.put("compression.type", "lz4");
    props.put("delivery.timeout.ms", 30_000);
    props.put("request.timeout.ms", 10_000);
    props.put("max.block.ms", 10_000);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
