package dev.appservice.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

@ValidationRule(
    value = "self.input.topic != self.output.topic",
    message = "output.topic must differ from input.topic")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AppServiceSpec {

  @Required
  @Min(1)
  @Max(1000)
  @SpecReplicas
  @ValidationRule(
      value = "self >= oldSelf",
      message = "partitions cannot decrease: Kafka cannot remove partitions from a topic")
  @JsonPropertyDescription(
      "Input topic partitions = worker replicas (one worker owns one partition). Can only grow.")
  private Integer partitions;

  @Required
  @JsonPropertyDescription("The Strimzi-managed Kafka cluster that hosts the topics.")
  private KafkaSpec kafka;

  @Required
  @JsonPropertyDescription("The input (command) topic.")
  private TopicSpec input;

  @Required
  @JsonPropertyDescription("The output (event) topic.")
  private OutputTopicSpec output;

  @Required
  @JsonPropertyDescription(
      "The materialization database: exactly one of cloudNativePG or external.")
  private DatabaseSpec database;

  @Required
  @JsonPropertyDescription("The partition workers (a StatefulSet, one pod per partition).")
  private WorkerSpec worker;

  @Required
  @JsonPropertyDescription(
      "The HTTP API (a Deployment and a Service, optionally an Ingress). Required for its auth.")
  private ApiSpec api = new ApiSpec();

  @Default("Retain")
  @JsonPropertyDescription(
      "Retain (default) keeps topics and database when the AppService is deleted; Delete removes them.")
  private DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

  public Integer getPartitions() {
    return partitions;
  }

  public void setPartitions(Integer partitions) {
    this.partitions = partitions;
  }

  public KafkaSpec getKafka() {
    return kafka;
  }

  public void setKafka(KafkaSpec kafka) {
    this.kafka = kafka;
  }

  public TopicSpec getInput() {
    return input;
  }

  public void setInput(TopicSpec input) {
    this.input = input;
  }

  public OutputTopicSpec getOutput() {
    return output;
  }

  public void setOutput(OutputTopicSpec output) {
    this.output = output;
  }

  public DatabaseSpec getDatabase() {
    return database;
  }

  public void setDatabase(DatabaseSpec database) {
    this.database = database;
  }

  public WorkerSpec getWorker() {
    return worker;
  }

  public void setWorker(WorkerSpec worker) {
    this.worker = worker;
  }

  public ApiSpec getApi() {
    return api;
  }

  public void setApi(ApiSpec api) {
    this.api = api;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
