package dev.appservice.operator.model;

import dev.appservice.operator.api.v1alpha1.AppService;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka credentials for the pods. Strimzi writes the cluster CA and each KafkaUser's credentials to
 * Secrets in the Kafka namespace, but pods can only use Secrets of their own namespace: the
 * operator keeps a copy of each next to the AppService.
 */
public final class KafkaCredentials {

  /** A Secret Strimzi writes, to be copied. */
  public record Source(String namespace, String name) {}

  private KafkaCredentials() {}

  public static String caSecret(AppService app) {
    return Naming.name(app) + "-kafka-ca";
  }

  public static String userSecret(AppService app, String component) {
    return Naming.name(app) + "-" + component + "-kafka-user";
  }

  public static Source caSource(AppService app) {
    return new Source(Naming.kafkaNamespace(app), KafkaSecurity.clusterCaSecret(app));
  }

  public static Source userSource(AppService app, String component) {
    return new Source(Naming.kafkaNamespace(app), KafkaUsers.secretName(app, component));
  }

  /** Every Secret this AppService copies (none without authentication). */
  public static List<Source> sources(AppService app) {
    if (!KafkaSecurity.of(app).enabled()) {
      return List.of();
    }
    return List.of(caSource(app), userSource(app, Naming.WORKER), userSource(app, Naming.API));
  }

  public static Secret copy(AppService app, String name, String component, Secret source) {
    Map<String, String> data =
        source.getData() == null ? Map.of() : new TreeMap<>(source.getData());
    return new SecretBuilder()
        .withMetadata(Labels.metadata(app, name, component))
        .withType("Opaque")
        .withData(data)
        .build();
  }
}
