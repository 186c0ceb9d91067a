package dev.appservice.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the generated CRD must carry beyond what the API server checks (see the ITs for that). */
class CrdSchemaTest {

  /** Embedded Kubernetes types, documented by Kubernetes itself. */
  private static final List<String> KUBERNETES_TYPES =
      List.of(
          ".spec.worker.env[]", ".spec.api.allowedFrom[]", ".resources.", ".status.conditions[]");

  @Test
  void everyFieldOfOurOwnHasADescription() throws IOException {
    var missing = new ArrayList<String>();
    walk(crd().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema(), "", missing);
    assertThat(missing).as("fields without a description (kubectl explain)").isEmpty();
  }

  @Test
  void scaleSubresourceMapsReplicasToPartitions() throws IOException {
    var scale = crd().getSpec().getVersions().get(0).getSubresources().getScale();
    assertThat(scale.getSpecReplicasPath()).isEqualTo(".spec.partitions");
    assertThat(scale.getStatusReplicasPath()).isEqualTo(".status.partitions");
    assertThat(crd().getSpec().getNames().getShortNames()).contains("appsvc");
  }

  private static void walk(JSONSchemaProps node, String path, List<String> missing) {
    node.getProperties()
        .forEach(
            (name, child) -> {
              var at = path + "." + name;
              if (KUBERNETES_TYPES.stream().anyMatch(at::contains)) {
                return;
              }
              if (child.getDescription() == null || child.getDescription().isBlank()) {
                missing.add(at);
              }
              walk(child, at, missing);
              if (child.getItems() != null && child.getItems().getSchema() != null) {
                walk(child.getItems().getSchema(), at + "[]", missing);
              }
            });
  }

  private static CustomResourceDefinition crd() throws IOException {
    try (var in =
        Files.newInputStream(
            Path.of("target/classes/META-INF/fabric8/appservices.appservice.dev-v1.yml"))) {
      return new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
    }
  }
}
