package dev.appservice.operator.model;

import dev.appservice.operator.api.v1alpha1.AppService;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

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

  /** The copies a component's pods mount: the cluster CA and its own user's credentials. */
  public static List<String> mounted(AppService app, String component) {
    if (!KafkaSecurity.of(app).enabled()) {
      return List.of();
    }
    return List.of(caSecret(app), userSecret(app, component));
  }

  /**
   * A digest of the credentials a component's pods mount, for their template: when Strimzi renews a
   * certificate or a password changes, the copy changes, then the pods roll and load it (the
   * runtime reads credentials once, at start). Taken from the copies, not the originals, so pods
   * restart only once what they will mount has changed. {@code data} gives a copy's data by name,
   * or null while it does not exist yet.
   */
  public static String digest(List<String> secrets, Function<String, Map<String, String>> data) {
    var text = new StringBuilder();
    for (String secret : secrets) {
      Map<String, String> d = data.apply(secret);
      text.append(secret).append('=').append(d == null ? null : new TreeMap<>(d)).append('\n');
    }
    return PodTemplates.hash(text.toString());
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
