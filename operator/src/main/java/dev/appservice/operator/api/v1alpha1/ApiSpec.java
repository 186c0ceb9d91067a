package dev.appservice.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.appservice.contract.RuntimeValues;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApiSpec {

  @Pattern("^\\S+$")
  @JsonPropertyDescription("Runtime image run in api mode. Defaults to worker.image.")
  private String image;

  @Default("1")
  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Replicas of the HTTP API Deployment.")
  private Integer replicas = 1;

  @Default("8080")
  @Min(1024)
  @Max(65535)
  @ValidationRule(
      value = "self != " + RuntimeValues.MANAGEMENT_PORT,
      message = "port " + RuntimeValues.MANAGEMENT_PORT + " is the management port")
  @JsonPropertyDescription(
      "Port of the HTTP API (1024-65535, not " + RuntimeValues.MANAGEMENT_PORT + ").")
  private Integer port = 8080;

  @JsonPropertyDescription("CPU and memory requests and limits of each API pod.")
  @SchemaFrom(type = ResourcesSchema.class)
  private ResourceRequirements resources;

  @Required
  @JsonPropertyDescription(
      "Who may call the API: bearer tokens of an OIDC issuer, API keys from a Secret, or both;"
          + " or, explicitly, anonymous access. Required: there is no open default.")
  private ApiAuthSpec auth;

  @JsonPropertyDescription("Expose the API through an Ingress.")
  private IngressSpec ingress;

  @Size(min = 1, max = 32)
  @ValidationRule(
      value = "self.all(p, has(p.ipBlock) != (has(p.podSelector) || has(p.namespaceSelector)))",
      message =
          "allowedFrom: each peer is an ipBlock, or a podSelector and/or namespaceSelector, not"
              + " both")
  @ValidationRule(
      value = "self.all(p, !has(p.ipBlock) || has(p.ipBlock.cidr))",
      message = "allowedFrom: ipBlock.cidr is required, e.g. 10.0.0.0/8")
  @JsonPropertyDescription(
      "Who may reach the API port, as NetworkPolicy peers (podSelector, namespaceSelector,"
          + " ipBlock). Unset: any source (the API authenticates every caller). With an Ingress,"
          + " include the ingress controller's namespace. The management port is open to the"
          + " operator's metrics namespaces only; workers accept no other traffic.")
  private List<NetworkPolicyPeer> allowedFrom;

  public List<NetworkPolicyPeer> getAllowedFrom() {
    return allowedFrom;
  }

  public void setAllowedFrom(List<NetworkPolicyPeer> allowedFrom) {
    this.allowedFrom = allowedFrom;
  }

  @Size(max = 32)
  @ValidationRule(
      value = "!('*' in self) || size(self) == 1",
      message = "corsAllowedOrigins: '*' cannot be combined with other origins")
  @JsonPropertyDescription(
      "Origins whose browser pages may call the API (commands, reads, the event stream), e.g."
          + " https://ui.example.com (with a port if not the default, no path), or ['*'] for any."
          + " Unset: same-origin only.")
  private List<@Pattern("^(\\*|https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?)$") String> corsAllowedOrigins;

  public ApiAuthSpec getAuth() {
    return auth;
  }

  public void setAuth(ApiAuthSpec auth) {
    this.auth = auth;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public List<String> getCorsAllowedOrigins() {
    return corsAllowedOrigins;
  }

  public void setCorsAllowedOrigins(List<String> corsAllowedOrigins) {
    this.corsAllowedOrigins = corsAllowedOrigins;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public IngressSpec getIngress() {
    return ingress;
  }

  public void setIngress(IngressSpec ingress) {
    this.ingress = ingress;
  }
}
