package dev.appservice.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExternalDatabaseSpec {

  @Required
  @JsonPropertyDescription(
      "Secret in the AppService's namespace with key uri, or keys host, port, dbname, user and"
          + " password; optionally sslmode (e.g. verify-full) and ca.crt, the PEM CA that the"
          + " server's certificate must chain to.")
  private SecretReference secretRef;

  public SecretReference getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(SecretReference secretRef) {
    this.secretRef = secretRef;
  }
}
