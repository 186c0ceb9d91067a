package dev.appservice.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.Map;

/**
 * The CRD schema of a pod's {@code resources} (never instantiated): the fields of Kubernetes'
 * ResourceRequirements that an AppService passes on, with each value checked as a quantity, so that
 * a value the StatefulSet or Deployment would refuse is refused at admission instead.
 */
final class ResourcesSchema {

  // At most 8 entries per map keeps this rule within the API server's CEL cost budget.
  private static final String ALL_QUANTITIES = "self.all(k, isQuantity(string(self[k])))";
  private static final String ALL_QUANTITIES_MESSAGE =
      "must be Kubernetes quantities such as 500m or 1Gi";

  @Size(max = 8)
  @ValidationRule(value = ALL_QUANTITIES, message = ALL_QUANTITIES_MESSAGE)
  @JsonPropertyDescription("Most resources a container may use, e.g. cpu: 500m, memory: 512Mi.")
  public Map<String, IntOrString> limits;

  @Size(max = 8)
  @ValidationRule(value = ALL_QUANTITIES, message = ALL_QUANTITIES_MESSAGE)
  @JsonPropertyDescription(
      "Resources a container is scheduled with, e.g. cpu: 250m, memory: 256Mi.")
  public Map<String, IntOrString> requests;

  private ResourcesSchema() {}
}
