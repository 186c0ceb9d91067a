package dev.appservice.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An event-driven app service: topics, a database, partition workers and an HTTP API. */
@Group("appservice.dev")
@Version("v1alpha1")
@ShortNames({"appsvc", "appsvcs"})
@AdditionalPrinterColumn(
    name = "Partitions",
    jsonPath = ".spec.partitions",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready Workers",
    jsonPath = ".status.readyWorkers",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(
    value = "self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')",
    message =
        "metadata.name must be a DNS label (lower-case letters, digits and '-', starting with a"
            + " letter): it names the app's Services, StatefulSet and database")
@ValidationRule(
    value = "size(self.metadata.name) <= 40",
    message =
        "metadata.name must be at most 40 characters (it prefixes the worker, API and database names)")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AppService extends CustomResource<AppServiceSpec, AppServiceStatus>
    implements Namespaced {

  // Overridden only to give spec and status a description in the CRD (kubectl explain).
  @Override
  @JsonPropertyDescription("The desired app service.")
  public AppServiceSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What the operator observed; written by the operator only.")
  public AppServiceStatus getStatus() {
    return super.getStatus();
  }
}
