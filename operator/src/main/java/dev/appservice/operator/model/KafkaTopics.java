package dev.appservice.operator.model;

import dev.appservice.contract.RuntimeValues;
import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.api.v1alpha1.TopicSpec;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Strimzi KafkaTopics for the input, output and dead-letter topics, in the Kafka namespace. */
public final class KafkaTopics {

  public static final String INPUT = "input";
  public static final String OUTPUT = "output";
  public static final String DEAD_LETTER = "dlq";

  /** The topic configuration the operator sets from {@code spec.kafka.maxRecordBytes}. */
  public static final String MAX_MESSAGE_BYTES = "max.message.bytes";

  private KafkaTopics() {}

  public static KafkaTopic input(AppService app) {
    var input = app.getSpec().getInput();
    return topic(app, INPUT, input.getTopic(), app.getSpec().getPartitions(), input);
  }

  public static KafkaTopic output(AppService app) {
    var output = app.getSpec().getOutput();
    int partitions =
        output.getPartitions() != null ? output.getPartitions() : app.getSpec().getPartitions();
    return topic(app, OUTPUT, output.getTopic(), partitions, output);
  }

  /** Poison input events land here; one partition per input partition keeps them in order. */
  public static KafkaTopic deadLetter(AppService app) {
    var input = app.getSpec().getInput();
    var settings = new TopicSpec();
    settings.setReplicas(input.getReplicas());
    return topic(
        app, DEAD_LETTER, Naming.deadLetterTopic(app), app.getSpec().getPartitions(), settings);
  }

  private static KafkaTopic topic(
      AppService app, String role, String topicName, int partitions, TopicSpec settings) {
    var labels = Labels.of(app, Naming.TOPIC);
    labels.put(Labels.STRIMZI_CLUSTER, app.getSpec().getKafka().getCluster());
    return new KafkaTopicBuilder()
        .withNewMetadata()
        .withName(Naming.kafkaResource(app, role))
        .withNamespace(Naming.kafkaNamespace(app))
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withTopicName(topicName)
        .withPartitions(partitions)
        .withReplicas(settings.getReplicas())
        .withConfig(config(app, settings.getConfig()))
        .endSpec()
        .build();
  }

  /**
   * The topic's own configuration, and {@code max.message.bytes} just above the producers' record
   * limit ({@link RuntimeValues#topicMaxMessageBytes}), so the two always agree.
   */
  private static Map<String, Object> config(AppService app, Map<String, String> config) {
    Map<String, Object> all = new LinkedHashMap<>();
    if (config != null) {
      all.putAll(config);
    }
    all.put(MAX_MESSAGE_BYTES, RuntimeValues.topicMaxMessageBytes(maxRecordBytes(app)));
    return all;
  }

  /** The record limit of the API's and the workers' producers. */
  public static int maxRecordBytes(AppService app) {
    Integer limit = app.getSpec().getKafka().getMaxRecordBytes();
    return limit != null ? limit : RuntimeValues.DEFAULT_MAX_RECORD_BYTES;
  }
}
