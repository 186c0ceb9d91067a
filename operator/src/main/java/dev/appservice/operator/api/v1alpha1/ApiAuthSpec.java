package dev.appservice.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(
    value = "has(self.jwt) || has(self.apiKeys) || (has(self.anonymous) && self.anonymous)",
    message =
        "auth needs jwt (bearer tokens), apiKeys, or both; or anonymous: true to serve every"
            + " caller without authentication")
@ValidationRule(
    value = "!(has(self.anonymous) && self.anonymous) || !(has(self.jwt) || has(self.apiKeys))",
    message =
        "anonymous: true lets every caller do everything; it cannot be combined with jwt or"
            + " apiKeys")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApiAuthSpec {

  @JsonPropertyDescription(
      "Accept OIDC bearer tokens (Authorization: Bearer) of one issuer. The caller's scopes come"
          + " from the token's scope claim.")
  private JwtAuthSpec jwt;

  @JsonPropertyDescription(
      "Accept API keys (X-Api-Key header) listed, as SHA-256 hashes with their scopes, in a"
          + " Secret of this namespace. Edits to the Secret take effect without a restart.")
  private ApiKeysSpec apiKeys;

  @JsonPropertyDescription(
      "true: serve every caller without authentication, with every scope. For development only;"
          + " the AppService then reports it in its status and a Warning Event.")
  private Boolean anonymous;

  public JwtAuthSpec getJwt() {
    return jwt;
  }

  public void setJwt(JwtAuthSpec jwt) {
    this.jwt = jwt;
  }

  public ApiKeysSpec getApiKeys() {
    return apiKeys;
  }

  public void setApiKeys(ApiKeysSpec apiKeys) {
    this.apiKeys = apiKeys;
  }

  public Boolean getAnonymous() {
    return anonymous;
  }

  public void setAnonymous(Boolean anonymous) {
    this.anonymous = anonymous;
  }

  public boolean anonymous() {
    return Boolean.TRUE.equals(anonymous);
  }
}
