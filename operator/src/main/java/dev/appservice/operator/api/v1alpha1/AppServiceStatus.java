package dev.appservice.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AppServiceStatus {

  @JsonPropertyDescription("The generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("TopicsReady, DatabaseReady, WorkersReady, ApiReady and Ready.")
  private List<Condition> conditions = new ArrayList<>();

  @StatusReplicas
  @JsonPropertyDescription("Effective partitions (worker replicas) of the running StatefulSet.")
  private Integer partitions;

  @JsonPropertyDescription("Worker pods that are ready.")
  private Integer readyWorkers;

  @LabelSelector
  @JsonPropertyDescription("Label selector of the worker pods (for the scale subresource).")
  private String selector;

  @JsonPropertyDescription("Kafka name of the input topic.")
  private String inputTopic;

  @JsonPropertyDescription("Kafka name of the output topic.")
  private String outputTopic;

  @JsonPropertyDescription("In-cluster URL of the HTTP API.")
  private String apiEndpoint;

  @JsonPropertyDescription("Secret holding the database connection.")
  private String databaseSecret;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Integer getPartitions() {
    return partitions;
  }

  public void setPartitions(Integer partitions) {
    this.partitions = partitions;
  }

  public Integer getReadyWorkers() {
    return readyWorkers;
  }

  public void setReadyWorkers(Integer readyWorkers) {
    this.readyWorkers = readyWorkers;
  }

  public String getSelector() {
    return selector;
  }

  public void setSelector(String selector) {
    this.selector = selector;
  }

  public String getInputTopic() {
    return inputTopic;
  }

  public void setInputTopic(String inputTopic) {
    this.inputTopic = inputTopic;
  }

  public String getOutputTopic() {
    return outputTopic;
  }

  public void setOutputTopic(String outputTopic) {
    this.outputTopic = outputTopic;
  }

  public String getApiEndpoint() {
    return apiEndpoint;
  }

  public void setApiEndpoint(String apiEndpoint) {
    this.apiEndpoint = apiEndpoint;
  }

  public String getDatabaseSecret() {
    return databaseSecret;
  }

  public void setDatabaseSecret(String databaseSecret) {
    this.databaseSecret = databaseSecret;
  }

  /** A copy whose conditions list can be changed without touching this status. */
  public AppServiceStatus copy() {
    var copy = new AppServiceStatus();
    copy.observedGeneration = observedGeneration;
    copy.conditions = new ArrayList<>(conditions);
    copy.partitions = partitions;
    copy.readyWorkers = readyWorkers;
    copy.selector = selector;
    copy.inputTopic = inputTopic;
    copy.outputTopic = outputTopic;
    copy.apiEndpoint = apiEndpoint;
    copy.databaseSecret = databaseSecret;
    return copy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AppServiceStatus s
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(conditions, s.conditions)
        && Objects.equals(partitions, s.partitions)
        && Objects.equals(readyWorkers, s.readyWorkers)
        && Objects.equals(selector, s.selector)
        && Objects.equals(inputTopic, s.inputTopic)
        && Objects.equals(outputTopic, s.outputTopic)
        && Objects.equals(apiEndpoint, s.apiEndpoint)
        && Objects.equals(databaseSecret, s.databaseSecret);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, conditions, partitions, readyWorkers, inputTopic);
  }
}
