package dev.appservice.operator.model;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.api.v1alpha1.KafkaAuthentication;

/** Kafka client security derived from spec.kafka.authentication. */
public record KafkaSecurity(KafkaAuthentication authentication) {

  public static final String CA_DIR = "/etc/kafka/ca";
  public static final String USER_DIR = "/etc/kafka/user";

  public static KafkaSecurity of(AppService app) {
    var auth = app.getSpec().getKafka().getAuthentication();
    return new KafkaSecurity(auth == null ? KafkaAuthentication.NONE : auth);
  }

  public boolean enabled() {
    return authentication != KafkaAuthentication.NONE;
  }

  /** Strimzi exposes SCRAM and mTLS on its TLS listener; both need the cluster CA. */
  public boolean tls() {
    return enabled();
  }

  /** mTLS: the client certificate and key of the KafkaUser are mounted into the pod. */
  public boolean clientCertificate() {
    return authentication == KafkaAuthentication.TLS;
  }

  public String protocol() {
    return switch (authentication) {
      case NONE -> "PLAINTEXT";
      case SCRAM_SHA_512 -> "SASL_SSL";
      case TLS -> "SSL";
    };
  }

  /** Strimzi's Secret with the cluster CA certificate (key ca.crt). */
  public static String clusterCaSecret(AppService app) {
    return app.getSpec().getKafka().getCluster() + "-cluster-ca-cert";
  }
}
