package dev.appservice.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.HashMap;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicSpec {

  @Required
  @Pattern(Names.KAFKA_TOPIC)
  @ValidationRule(
      value = "self != '.' && self != '..'",
      message = "topic must not be '.' or '..' (Kafka rejects them)")
  @ValidationRule(
      value =
          "!self.startsWith('__') && !self.startsWith('strimzi.') && !self.startsWith('strimzi-')"
              + " && !self.startsWith('connect-') && !self.startsWith('mirrormaker2-')",
      message =
          "topic must not be an internal topic of Kafka or Strimzi (names starting with '__',"
              + " 'strimzi.', 'strimzi-', 'connect-' or 'mirrormaker2-')")
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "topic cannot be changed: the KafkaTopic stays bound to the existing Kafka topic (create"
              + " a new AppService instead)")
  @JsonPropertyDescription(
      "Kafka topic name: 1-249 characters of [a-zA-Z0-9._-], not '.' or '..', not an internal"
          + " topic of Kafka or Strimzi. Immutable.")
  private String topic;

  @Min(1)
  @Max(32)
  @JsonPropertyDescription("Replication factor. Defaults to the Kafka cluster's default.")
  private Integer replicas;

  @ValidationRule(
      value = "!('max.message.bytes' in self)",
      message =
          "max.message.bytes is set by the operator from spec.kafka.maxRecordBytes, together with"
              + " the producers' limit; set that instead")
  @JsonPropertyDescription(
      "Kafka topic configuration, e.g. retention.ms: \"604800000\" (values are strings)."
          + " max.message.bytes is set from spec.kafka.maxRecordBytes.")
  private Map<String, String> config = new HashMap<>();

  public String getTopic() {
    return topic;
  }

  public void setTopic(String topic) {
    this.topic = topic;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Map<String, String> getConfig() {
    return config;
  }

  public void setConfig(Map<String, String> config) {
    this.config = config;
  }
}
