package dev.appservice.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class IngressSpec {

  @Required
  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Host name served by the Ingress, e.g. customers.example.com.")
  private String host;

  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("IngressClass name. Defaults to the cluster's default class.")
  private String className;

  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription(
      "TLS Secret (type kubernetes.io/tls) in this namespace with the host's certificate and key."
          + " Set: the Ingress serves https for the host. Unset: the ingress controller's default.")
  private String tlsSecretName;

  @Size(max = 64)
  @JsonPropertyDescription(
      "Annotations for the Ingress, e.g. the ingress controller's own authentication or rate"
          + " limits (nginx.ingress.kubernetes.io/auth-url, ...).")
  private Map<String, @Size(max = 4096) String> annotations;

  public String getTlsSecretName() {
    return tlsSecretName;
  }

  public void setTlsSecretName(String tlsSecretName) {
    this.tlsSecretName = tlsSecretName;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public String getClassName() {
    return className;
  }

  public void setClassName(String className) {
    this.className = className;
  }
}
