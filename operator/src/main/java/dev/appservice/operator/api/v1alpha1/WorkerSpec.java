package dev.appservice.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.appservice.contract.RuntimeEnv;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkerSpec {

  @Required
  @Pattern("^\\S+$")
  @JsonPropertyDescription("Runtime image (worker-image) run in worker mode.")
  private String image;

  @JsonPropertyDescription("CPU and memory requests and limits of each worker.")
  @SchemaFrom(type = ResourcesSchema.class)
  private ResourceRequirements resources;

  @Size(max = 64)
  @ValidationRule(
      value =
          "self.all(e, !e.name.startsWith('APPSERVICE_') && !e.name.startsWith('KAFKA_')"
              + " && !e.name.startsWith('DATABASE_') && !e.name.startsWith('API_')"
              + " && !(e.name in ['"
              + RuntimeEnv.INPUT_TOPIC
              + "', '"
              + RuntimeEnv.OUTPUT_TOPIC
              + "', '"
              + RuntimeEnv.DEAD_LETTER_TOPIC
              + "', '"
              + RuntimeEnv.CONSUMER_GROUP
              + "', '"
              + RuntimeEnv.PARTITIONS
              + "', '"
              + RuntimeEnv.PARTITION
              + "', '"
              + RuntimeEnv.HANDLER
              + "', '"
              + RuntimeEnv.BATCH_MAX_RECORDS
              + "', '"
              + RuntimeEnv.HTTP_PORT
              + "', '"
              + RuntimeEnv.MANAGEMENT_PORT
              + "', '"
              + RuntimeEnv.CORS_ALLOWED_ORIGINS
              + "', '"
              + RuntimeEnv.COMMAND_RETENTION
              + "']))",
      message = "env must not set variables the operator manages (see docs/env-contract.md)")
  @JsonPropertyDescription(
      "Extra environment variables for the workers and the API; names of the env contract are"
          + " reserved.")
  private List<EnvVar> env = new ArrayList<>();

  @Pattern("^[A-Za-z0-9._-]{1,63}$")
  @JsonPropertyDescription("Name of the event handler (Java ServiceLoader). Defaults to document.")
  private String handler;

  @Min(1)
  @Max(100000)
  @JsonPropertyDescription("Max records per poll batch (one database transaction).")
  private Integer batchMaxRecords;

  @Pattern("^(0|[1-9][0-9]{0,4}[smhd])$")
  @JsonPropertyDescription(
      "How long the workers remember a command id: a resent command is recognised (no second"
          + " effect) and its status can be read for this long, then it is forgotten. A number with"
          + " a unit (s, m, h, d) of at most five digits, e.g. 7d or 12h, or 0 to remember every"
          + " command forever (the"
          + " table then grows without bound). Defaults to the runtime's 7d.")
  private String commandRetention;

  public String getCommandRetention() {
    return commandRetention;
  }

  public void setCommandRetention(String commandRetention) {
    this.commandRetention = commandRetention;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  public String getHandler() {
    return handler;
  }

  public void setHandler(String handler) {
    this.handler = handler;
  }

  public Integer getBatchMaxRecords() {
    return batchMaxRecords;
  }

  public void setBatchMaxRecords(Integer batchMaxRecords) {
    this.batchMaxRecords = batchMaxRecords;
  }
}
