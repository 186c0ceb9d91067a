package dev.appservice.operator.model;

import dev.appservice.operator.api.v1alpha1.AppService;

/** Names of everything the operator creates for one AppService. */
public final class Naming {

  public static final String WORKER = "worker";
  public static final String API = "api";
  public static final String DATABASE = "database";
  public static final String TOPIC = "topic";

  private Naming() {}

  public static String name(AppService app) {
    return app.getMetadata().getName();
  }

  public static String namespace(AppService app) {
    return app.getMetadata().getNamespace();
  }

  public static String workers(AppService app) {
    return name(app) + "-worker";
  }

  public static String api(AppService app) {
    return name(app) + "-api";
  }

  public static String databaseCluster(AppService app) {
    return name(app) + "-db";
  }

  public static String kafkaNamespace(AppService app) {
    String ns = app.getSpec().getKafka().getNamespace();
    return ns == null || ns.isBlank() ? namespace(app) : ns;
  }

  /**
   * KafkaTopics and KafkaUsers of all namespaces share the Kafka namespace; namespace and name are
   * DNS labels, so joining them with dots cannot collide.
   */
  public static String kafkaResource(AppService app, String role) {
    return namespace(app) + "." + name(app) + "." + role;
  }

  /** Strimzi refuses TLS users whose name, the certificate's common name, is longer than this. */
  public static final int TLS_USER_NAME_MAX = 64;

  /**
   * The KafkaUser of a component: {@link #kafkaResource} when that fits. A TLS user's name is its
   * certificate's common name, which Strimzi limits to {@value #TLS_USER_NAME_MAX} characters; a
   * longer one is shortened to a prefix of {@code <namespace>.<name>} plus a hash of all of it, so
   * it stays unique and stable. SCRAM users get the same name (they have no such limit), so that
   * switching between SCRAM and TLS never renames, and so never orphans, a KafkaUser.
   */
  public static String kafkaUser(AppService app, String role) {
    String full = kafkaResource(app, role);
    if (full.length() <= TLS_USER_NAME_MAX) {
      return full;
    }
    String base = namespace(app) + "." + name(app);
    String hash = PodTemplates.hash(base).substring(0, 10);
    int keep = TLS_USER_NAME_MAX - hash.length() - role.length() - 2;
    // Each dot-separated part of a Kubernetes name must end with a letter or digit.
    String prefix = base.substring(0, keep).replaceAll("[.-]+$", "");
    return prefix + "-" + hash + "." + role;
  }

  public static String deadLetterTopic(AppService app) {
    return app.getSpec().getInput().getTopic() + ".dlq";
  }

  public static String consumerGroup(AppService app) {
    return name(app) + "-worker";
  }

  public static String bootstrapServers(AppService app) {
    var kafka = app.getSpec().getKafka();
    if (kafka.getBootstrapServers() != null) {
      return kafka.getBootstrapServers();
    }
    int port = KafkaSecurity.of(app).tls() ? 9093 : 9092;
    return kafka.getCluster() + "-kafka-bootstrap." + kafkaNamespace(app) + ".svc:" + port;
  }
}
