package dev.appservice.bench;

import dev.appservice.runtime.store.OffsetStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The soak's audit, from what a user can see: input records not yet applied (the input topic's end
 * against the workers' stored offsets) and the output events of each command id.
 */
final class SoakAudit {
  private final Infra infra;
  private final String url;
  private final String app;

  SoakAudit(Infra infra, String url, String app) {
    this.infra = infra;
    this.url = url;
    this.app = app;
  }

  /** Input records not yet applied, after waiting up to a minute for the workers to catch up. */
  long awaitDrained() throws Exception {
    long behind = Long.MAX_VALUE;
    for (int i = 0; i < 60 && behind != 0; i++) {
      behind = inputEnd() - storedOffsets();
      if (behind != 0) {
        Thread.sleep(1000);
      }
    }
    return behind;
  }

  private long inputEnd() {
    try (var consumer = consumer()) {
      return consumer.endOffsets(partitions(".commands")).values().stream()
          .mapToLong(Long::longValue)
          .sum();
    }
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    return new KafkaConsumer<>(
        Map.of("bootstrap.servers", infra.bootstrap(), "isolation.level", "read_committed"),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  /** Both partitions of the app's topic ending in {@code suffix}. */
  private List<TopicPartition> partitions(String suffix) {
    return List.of(new TopicPartition(app + suffix, 0), new TopicPartition(app + suffix, 1));
  }

  private long storedOffsets() throws Exception {
    try (Connection conn = infra.connect(database())) {
      return OffsetStore.storedOffsets(conn, app + ".commands").values().stream()
          .mapToLong(Long::longValue)
          .sum();
    }
  }

  /** Output events per command id ({@code ce_commandid}), over the whole output topic. */
  Map<String, Long> outputEventsByCommand() {
    Map<String, Long> recorded = new HashMap<>();
    try (var consumer = consumer()) {
      var tps = partitions(".events");
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps);
      while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (var r : consumer.poll(Duration.ofMillis(500))) {
          var h = r.headers().lastHeader("ce_commandid");
          if (h != null) {
            recorded.merge(new String(h.value(), StandardCharsets.UTF_8), 1L, Long::sum);
          }
        }
      }
    }
    return recorded;
  }

  private String database() {
    return url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
  }
}
