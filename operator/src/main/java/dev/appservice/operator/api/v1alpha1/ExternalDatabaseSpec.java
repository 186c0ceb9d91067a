package dev.appservice.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExternalDatabaseSpec {

  @Required
  @JsonPropertyDescription(
      "Secret in the AppService's namespace with key uri, or keys host, port, dbname, user and"
          + " password; optionally sslmode (e.g. verify-full) and ca.crt, the PEM CA that the"
          + " server's certificate must chain to.")
  private SecretReference secretRef;

  @Min(1)
  @Max(100000)
  @JsonPropertyDescription(
      "Connections this AppService may hold on the database (its share of max_connections)."
          + " Each worker holds 4 and each API replica 2 plus its pool; the API's pool (at most 10)"
          + " is sized to fit, and the AppService is not Ready while even the smallest pool does"
          + " not. Unset: no budget is checked and the API's pool is 10.")
  private Integer maxConnections;

  public Integer getMaxConnections() {
    return maxConnections;
  }

  public void setMaxConnections(Integer maxConnections) {
    this.maxConnections = maxConnections;
  }

  public SecretReference getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(SecretReference secretRef) {
    this.secretRef = secretRef;
  }
}
