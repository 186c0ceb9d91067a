package dev.appservice.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(
    value = "has(self.cloudNativePG) != has(self.external)",
    message = "database: set exactly one of cloudNativePG or external")
@ValidationRule(
    value = "has(self.cloudNativePG) == has(oldSelf.cloudNativePG)",
    message =
        "database: the mode (cloudNativePG or external) cannot change on a running AppService: the"
            + " new database would start empty while the input topic may no longer hold the"
            + " commands it needs. Move the data yourself and re-create the AppService (see the"
            + " README)")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseSpec {

  @JsonPropertyDescription("A PostgreSQL cluster run by the CloudNativePG operator.")
  private CloudNativePGSpec cloudNativePG;

  @JsonPropertyDescription("A database the user runs, described by a Secret.")
  private ExternalDatabaseSpec external;

  public CloudNativePGSpec getCloudNativePG() {
    return cloudNativePG;
  }

  public void setCloudNativePG(CloudNativePGSpec cloudNativePG) {
    this.cloudNativePG = cloudNativePG;
  }

  public ExternalDatabaseSpec getExternal() {
    return external;
  }

  public void setExternal(ExternalDatabaseSpec external) {
    this.external = external;
  }

  public boolean usesCloudNativePG() {
    return cloudNativePG != null;
  }
}
