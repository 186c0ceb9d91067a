package dev.appservice.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class JwtAuthSpec {

  @Required
  @Pattern("^https://[^\\s/]+(/\\S*)?$")
  @Size(max = 2048)
  @JsonPropertyDescription(
      "The tokens' issuer (iss), an https URL, e.g. https://login.example.com/realms/shop. Its keys"
          + " come from its OIDC discovery document unless jwksUri is set.")
  private String issuer;

  @Required
  @Size(min = 1, max = 256)
  @JsonPropertyDescription("A value the tokens' audience (aud) must hold, e.g. shop-api.")
  private String audience;

  @Pattern("^https://[^\\s/]+(/\\S*)?$")
  @Size(max = 2048)
  @JsonPropertyDescription("The issuer's JWKS URL. Default: jwks_uri of its discovery document.")
  private String jwksUri;

  @Pattern("^[A-Za-z0-9_.:-]{1,100}$")
  @JsonPropertyDescription(
      "The claim holding the caller's scopes, a space-separated string or an array. Default:"
          + " scope.")
  private String scopesClaim;

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  public String getAudience() {
    return audience;
  }

  public void setAudience(String audience) {
    this.audience = audience;
  }

  public String getJwksUri() {
    return jwksUri;
  }

  public void setJwksUri(String jwksUri) {
    this.jwksUri = jwksUri;
  }

  public String getScopesClaim() {
    return scopesClaim;
  }

  public void setScopesClaim(String scopesClaim) {
    this.scopesClaim = scopesClaim;
  }
}
