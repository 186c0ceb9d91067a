package dev.appservice.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.appservice.contract.RuntimeValues;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(
    value =
        "(has(self.__namespace__) ? self.__namespace__ : '')"
            + " == (has(oldSelf.__namespace__) ? oldSelf.__namespace__ : '')",
    message =
        "kafka.namespace cannot be changed: the KafkaTopics and KafkaUsers live there (create a new"
            + " AppService instead)")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaSpec {

  @Required
  @Pattern(Names.DNS_LABEL)
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "kafka.cluster cannot be changed: the topics belong to that cluster (create a new"
              + " AppService instead)")
  @JsonPropertyDescription(
      "Name of the Strimzi Kafka resource; sets the strimzi.io/cluster label on topics and users.")
  private String cluster;

  @Pattern(Names.DNS_LABEL)
  @JsonPropertyDescription(
      "Namespace of the Kafka cluster, where KafkaTopics and KafkaUsers are created. Defaults to"
          + " the AppService's namespace.")
  private String namespace;

  @Pattern("^[^\\s,]+:[0-9]{1,5}(,[^\\s,]+:[0-9]{1,5})*$")
  @JsonPropertyDescription(
      "Bootstrap address host:port[,host:port]. Defaults to Strimzi's"
          + " <cluster>-kafka-bootstrap.<namespace>.svc:9092 (9093 with tls authentication).")
  private String bootstrapServers;

  @Default("none")
  @JsonPropertyDescription(
      "none, scram-sha-512 or tls. With scram-sha-512 or tls a KafkaUser with least-privilege ACLs"
          + " is created for the workers and one for the API.")
  private KafkaAuthentication authentication = KafkaAuthentication.NONE;

  @Default("1048576")
  @Min(RuntimeValues.MIN_MAX_RECORD_BYTES)
  @Max(RuntimeValues.MAX_MAX_RECORD_BYTES)
  @JsonPropertyDescription(
      "Largest record in bytes (key, value and headers, uncompressed, as Kafka's producer counts"
          + " it) that the API and the workers produce, 16384-8388608. Default 1048576, Kafka's"
          + " own. The API answers 413 to a command that would be larger, and a worker"
          + " dead-letters a command whose output event would be. The operator sets each topic's"
          + " max.message.bytes to this plus 1% and 1 KiB (room for compression), so a record the"
          + " producers let through is never refused by the broker.")
  private Integer maxRecordBytes = RuntimeValues.DEFAULT_MAX_RECORD_BYTES;

  public String getCluster() {
    return cluster;
  }

  public void setCluster(String cluster) {
    this.cluster = cluster;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getBootstrapServers() {
    return bootstrapServers;
  }

  public void setBootstrapServers(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  public Integer getMaxRecordBytes() {
    return maxRecordBytes;
  }

  public void setMaxRecordBytes(Integer maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  public KafkaAuthentication getAuthentication() {
    return authentication;
  }

  public void setAuthentication(KafkaAuthentication authentication) {
    this.authentication = authentication;
  }
}
