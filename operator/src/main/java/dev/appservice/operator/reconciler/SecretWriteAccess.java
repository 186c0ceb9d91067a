package dev.appservice.operator.reconciler;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.api.v1alpha1.KafkaAuthentication;
import dev.appservice.operator.model.KafkaSecurity;
import dev.appservice.operator.model.SecretWriteGrant;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether the operator may write Secrets in an AppService's namespace, asked of the API server (a
 * SelfSubjectAccessReview per verb) before anything is written for an AppService with Kafka
 * authentication: its pods mount copies of Strimzi's Secrets, which the operator writes next to
 * them. The default RBAC grants that write per namespace only (docs/security.md), so a namespace
 * nobody onboarded is refused up front with the RoleBinding to create, instead of half-built parts
 * and a 403 retry loop. A yes is remembered for {@link #REMEMBERED}; a no is asked again at each
 * reconciliation, which the refusal schedules every {@link #RECHECK}.
 */
final class SecretWriteAccess {

  /** Ready=False reason of the refusal. */
  static final String FORBIDDEN = "SecretWriteForbidden";

  /** The verbs of the chart's rbac/secret-write-rules.yaml. */
  static final List<String> VERBS = List.of("create", "patch", "delete");

  static final Duration REMEMBERED = Duration.ofMinutes(1);
  static final Duration RECHECK = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final SecretWriteGrant grant;
  private final Clock clock;
  private final Map<String, Instant> allowedUntil = new ConcurrentHashMap<>();

  SecretWriteAccess(KubernetesClient client, SecretWriteGrant grant, Clock clock) {
    this.client = client;
    this.grant = grant;
    this.clock = clock;
  }

  /**
   * Why nothing may be written for {@code app}, or empty when its pods need no copies (no Kafka
   * authentication) or the operator may write them.
   */
  Optional<String> refusal(AppService app) {
    if (!KafkaSecurity.of(app).enabled()) {
      return Optional.empty();
    }
    var namespace = app.getMetadata().getNamespace();
    if (allowed(namespace)) {
      return Optional.empty();
    }
    return Optional.of(
        "spec.kafka.authentication is "
            + (app.getSpec().getKafka().getAuthentication() == KafkaAuthentication.TLS
                ? "tls"
                : "scram-sha-512")
            + ", so this AppService's pods mount copies of their Kafka credentials, which the"
            + " operator writes in namespace "
            + namespace
            + "; it may not write Secrets there, and nothing was created. "
            + grant.howToAllow(namespace));
  }

  private boolean allowed(String namespace) {
    var until = allowedUntil.get(namespace);
    var now = clock.instant();
    if (until != null && now.isBefore(until)) {
      return true;
    }
    boolean allowed = VERBS.stream().allMatch(verb -> may(verb, namespace));
    if (allowed) {
      allowedUntil.put(namespace, now.plus(REMEMBERED));
    } else {
      allowedUntil.remove(namespace);
    }
    return allowed;
  }

  private boolean may(String verb, String namespace) {
    var review =
        new SelfSubjectAccessReviewBuilder()
            .withNewSpec()
            .withNewResourceAttributes()
            .withGroup("")
            .withResource("secrets")
            .withVerb(verb)
            .withNamespace(namespace)
            .endResourceAttributes()
            .endSpec()
            .build();
    var answer = client.authorization().v1().selfSubjectAccessReview().create(review);
    return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
  }
}
