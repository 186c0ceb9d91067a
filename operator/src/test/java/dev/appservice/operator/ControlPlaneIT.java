package dev.appservice.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.appservice.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proves the test control plane is a real kube-apiserver: it evaluates a CEL transition rule, which
 * a mock server would not.
 */
class ControlPlaneIT {

  private static final String GROUP = "controlplane.test.appservice.dev";
  private static final String RULE_MESSAGE = "replicas cannot decrease";

  @RegisterExtension static final TestCluster cluster = new TestCluster();

  private static final ResourceDefinitionContext WIDGETS =
      new ResourceDefinitionContext.Builder()
          .withGroup(GROUP)
          .withVersion("v1")
          .withKind("Widget")
          .withPlural("widgets")
          .withNamespaced(true)
          .build();

  @Test
  void celTransitionRuleRejectsDecrease() {
    installWidgetCrd();

    var widgets =
        cluster.client().genericKubernetesResources(WIDGETS).inNamespace(cluster.namespace());
    widgets.resource(widget(3)).create();

    var grown = widgets.withName("w").edit(w -> withReplicas(w, 5));
    assertThat((Object) grown.get("spec")).isEqualTo(Map.of("replicas", 5));

    assertThatThrownBy(() -> widgets.withName("w").edit(w -> withReplicas(w, 2)))
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining("spec.replicas")
        .hasMessageContaining(RULE_MESSAGE);
    Integer replicas = widgets.withName("w").get().get("spec", "replicas");
    assertThat(replicas).isEqualTo(5);
  }

  @Test
  void serverReportsItsVersion() {
    var version = cluster.client().getKubernetesVersion();
    assertThat(version.getMajor()).isEqualTo("1");
    assertThat(Integer.parseInt(version.getMinor().replaceAll("\\D", "")))
        .isGreaterThanOrEqualTo(30);
  }

  private static void installWidgetCrd() {
    JSONSchemaProps replicas =
        new JSONSchemaPropsBuilder()
            .withType("integer")
            .withMinimum(1.0)
            .addNewXKubernetesValidation()
            .withRule("self >= oldSelf")
            .withMessage(RULE_MESSAGE)
            .endXKubernetesValidation()
            .build();
    CustomResourceDefinition crd =
        new CustomResourceDefinitionBuilder()
            .withNewMetadata()
            .withName("widgets." + GROUP)
            .endMetadata()
            .withNewSpec()
            .withGroup(GROUP)
            .withScope("Namespaced")
            .withNewNames()
            .withKind("Widget")
            .withPlural("widgets")
            .withSingular("widget")
            .endNames()
            .addNewVersion()
            .withName("v1")
            .withServed(true)
            .withStorage(true)
            .withNewSchema()
            .withNewOpenAPIV3Schema()
            .withType("object")
            .addToProperties(
                "spec",
                new JSONSchemaPropsBuilder()
                    .withType("object")
                    .addToProperties("replicas", replicas)
                    .build())
            .endOpenAPIV3Schema()
            .endSchema()
            .endVersion()
            .endSpec()
            .build();
    var client = cluster.client();
    client.apiextensions().v1().customResourceDefinitions().resource(crd).serverSideApply();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName("widgets." + GROUP)
                    .get()
                    .getStatus()
                    .getConditions()
                    .stream()
                    .anyMatch(
                        c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())));
  }

  private static GenericKubernetesResource widget(int replicas) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(GROUP + "/v1")
        .withKind("Widget")
        .withNewMetadata()
        .withName("w")
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("replicas", replicas)))
        .build();
  }

  private static GenericKubernetesResource withReplicas(GenericKubernetesResource w, int replicas) {
    w.setAdditionalProperty("spec", Map.of("replicas", replicas));
    return w;
  }
}
