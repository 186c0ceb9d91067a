package dev.appservice.cli;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * The local mode's topics on a broker that may have them from an earlier run: missing ones are
 * created, ones with fewer partitions than the manifest now says are given more (as a rescale in a
 * cluster does); fewer than before is refused, since partitions are never removed.
 */
final class LocalTopics {
  private LocalTopics() {}

  static void ensure(String bootstrap, List<NewTopic> topics) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get();
      }
      List<String> kept = topics.stream().map(NewTopic::name).filter(existing::contains).toList();
      if (kept.isEmpty()) {
        return;
      }
      Map<String, TopicDescription> described = admin.describeTopics(kept).allTopicNames().get();
      for (NewTopic topic : topics) {
        TopicDescription current = described.get(topic.name());
        if (current == null) {
          continue;
        }
        int have = current.partitions().size();
        if (have < topic.numPartitions()) {
          admin
              .createPartitions(
                  Map.of(topic.name(), NewPartitions.increaseTo(topic.numPartitions())))
              .all()
              .get();
        } else if (have > topic.numPartitions()) {
          throw new IllegalArgumentException(
              "the data directory's topic "
                  + topic.name()
                  + " has "
                  + have
                  + " partitions and partitions are never removed; raise spec.partitions back"
                  + " to "
                  + have
                  + ", or start with --fresh");
        }
      }
    }
  }
}
