package dev.appservice.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApiKeysSpec {

  @Required
  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription(
      "Secret in this namespace with the keys: one per line, '<name> sha256:<hex> <scope>...'"
          + " (the hash is sha256sum of the key; see docs/security.md).")
  private String secretName;

  @Default("keys")
  @Pattern("^[-._a-zA-Z0-9]{1,253}$")
  @JsonPropertyDescription("The Secret's data key that holds the lines. Default: keys.")
  private String key = "keys";

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
