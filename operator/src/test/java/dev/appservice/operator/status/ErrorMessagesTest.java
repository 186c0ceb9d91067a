package dev.appservice.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

class ErrorMessagesTest {
  @Test
  void theApiServersAnswerNamesTheObjectAndTheField() {
    var refused =
        new KubernetesClientException(
            new StatusBuilder()
                .withCode(422)
                .withMessage(
                    "Service \"orders.v2-api\" is invalid: metadata.name: Invalid value:"
                        + " \"orders.v2-api\": a DNS-1035 label must consist of lower case")
                .withNewDetails()
                .withKind("Service")
                .withName("orders.v2-api")
                .endDetails()
                .build());
    var wrapped = new IllegalStateException("reconcile failed\n\tat a.b.C(C.java:1)", refused);

    assertThat(ErrorMessages.forPeople(wrapped))
        .startsWith("The Kubernetes API refused Service/orders.v2-api (422): Service")
        .contains("metadata.name: Invalid value")
        .doesNotContain("\n")
        .doesNotContain("C.java");
  }

  @Test
  void otherwiseTheInnermostMessageOnOneShortLine() {
    var error =
        new RuntimeException(
            "outer", new RuntimeException("the database Secret has no key 'uri'\nmore\nlines"));
    assertThat(ErrorMessages.forPeople(error)).isEqualTo("the database Secret has no key 'uri'");

    String long1 = "x".repeat(2000);
    assertThat(ErrorMessages.forPeople(new RuntimeException(long1)))
        .hasSize(ErrorMessages.MAX)
        .endsWith("…");
    assertThat(ErrorMessages.forPeople(new NullPointerException()))
        .contains("NullPointerException")
        .contains("see its log");
  }
}
