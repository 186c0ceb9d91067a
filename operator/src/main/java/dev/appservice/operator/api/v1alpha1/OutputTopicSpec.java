package dev.appservice.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(
    value = "!has(oldSelf.partitions) || has(self.partitions)",
    message =
        "output.partitions cannot be removed once set: the output topic would be asked to shrink")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OutputTopicSpec extends TopicSpec {

  @Min(1)
  @Max(10000)
  @ValidationRule(
      value = "self >= oldSelf",
      message = "output.partitions cannot decrease: Kafka cannot remove partitions from a topic")
  @JsonPropertyDescription("Partitions of the output topic. Defaults to spec.partitions.")
  private Integer partitions;

  public Integer getPartitions() {
    return partitions;
  }

  public void setPartitions(Integer partitions) {
    this.partitions = partitions;
  }
}
