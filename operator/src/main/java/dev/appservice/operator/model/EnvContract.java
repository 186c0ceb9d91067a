package dev.appservice.operator.model;

import dev.appservice.operator.api.cnpg.v1.Cluster;
import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.api.v1alpha1.KafkaAuthentication;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The environment variables of docs/env-contract.md: the only way the operator configures the
 * runtime pods. Variable names here are a public contract (pinned by EnvContractTest).
 */
public final class EnvContract {

  public static final int MANAGEMENT_PORT = 9090;

  private EnvContract() {}

  public static List<EnvVar> worker(AppService app) {
    var env = common(app, Naming.WORKER);
    env.add(value("DEAD_LETTER_TOPIC", Naming.deadLetterTopic(app)));
    env.add(value("CONSUMER_GROUP", Naming.consumerGroup(app)));
    env.add(fieldRef("PARTITION", "metadata.labels['" + Labels.POD_INDEX + "']"));
    var worker = app.getSpec().getWorker();
    if (worker.getBatchMaxRecords() != null) {
      env.add(value("BATCH_MAX_RECORDS", worker.getBatchMaxRecords().toString()));
    }
    if (worker.getCommandRetention() != null) {
      env.add(value("COMMAND_RETENTION", worker.getCommandRetention()));
    }
    env.addAll(worker.getEnv());
    return env;
  }

  public static List<EnvVar> api(AppService app) {
    var env = common(app, Naming.API);
    env.add(value("HTTP_PORT", app.getSpec().getApi().getPort().toString()));
    var origins = app.getSpec().getApi().getCorsAllowedOrigins();
    if (origins != null && !origins.isEmpty()) {
      env.add(value("CORS_ALLOWED_ORIGINS", String.join(",", origins)));
    }
    env.addAll(app.getSpec().getWorker().getEnv());
    return env;
  }

  private static List<EnvVar> common(AppService app, String mode) {
    var env = new ArrayList<EnvVar>();
    env.add(value("APPSERVICE_MODE", mode));
    env.add(value("APPSERVICE_NAME", Naming.name(app)));
    env.add(value("KAFKA_BOOTSTRAP_SERVERS", Naming.bootstrapServers(app)));
    env.addAll(kafkaSecurity(app, mode));
    env.add(value("INPUT_TOPIC", app.getSpec().getInput().getTopic()));
    env.add(value("OUTPUT_TOPIC", app.getSpec().getOutput().getTopic()));
    // No PARTITIONS: it would put spec.partitions into every pod template, so that adding a
    // partition restarted every worker and API pod. The StatefulSet's replicas carry it instead.
    env.addAll(database(app));
    env.add(value("MANAGEMENT_PORT", Integer.toString(MANAGEMENT_PORT)));
    // The API validates commands by the same handler's rules, so it needs the name too.
    var handler = app.getSpec().getWorker().getHandler();
    env.add(value("HANDLER", handler == null ? "document" : handler));
    return env;
  }

  private static List<EnvVar> kafkaSecurity(AppService app, String mode) {
    var security = KafkaSecurity.of(app);
    var env = new ArrayList<EnvVar>();
    env.add(value("KAFKA_SECURITY_PROTOCOL", security.protocol()));
    if (!security.enabled()) {
      return env;
    }
    env.add(value("KAFKA_CA_CERT_FILE", KafkaSecurity.CA_DIR + "/ca.crt"));
    if (security.authentication() == KafkaAuthentication.SCRAM_SHA_512) {
      env.add(value("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"));
      env.add(
          secretKey(
              "KAFKA_SASL_JAAS_CONFIG",
              KafkaCredentials.userSecret(app, mode),
              "sasl.jaas.config",
              false));
    } else {
      env.add(value("KAFKA_USER_CERT_FILE", KafkaSecurity.USER_DIR + "/user.crt"));
      env.add(value("KAFKA_USER_KEY_FILE", KafkaSecurity.USER_DIR + "/user.key"));
    }
    return env;
  }

  private static List<EnvVar> database(AppService app) {
    var db = app.getSpec().getDatabase();
    if (db.usesCloudNativePG()) {
      String secret = Cluster.appSecretName(Naming.databaseCluster(app));
      return List.of(
          secretKey("DATABASE_URL", secret, "uri", false),
          secretKey("DATABASE_USER", secret, "username", false),
          secretKey("DATABASE_PASSWORD", secret, "password", false));
    }
    String secret = db.getExternal().getSecretRef().getName();
    return List.of(
        secretKey("DATABASE_URL", secret, "uri", true),
        secretKey("DATABASE_HOST", secret, "host", true),
        secretKey("DATABASE_PORT", secret, "port", true),
        secretKey("DATABASE_NAME", secret, "dbname", true),
        secretKey("DATABASE_USER", secret, "user", true),
        secretKey("DATABASE_PASSWORD", secret, "password", true));
  }

  /** The Secret with the database connection, as reported in status.databaseSecret. */
  public static String databaseSecret(AppService app) {
    var db = app.getSpec().getDatabase();
    return db.usesCloudNativePG()
        ? Cluster.appSecretName(Naming.databaseCluster(app))
        : db.getExternal().getSecretRef().getName();
  }

  private static EnvVar value(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static EnvVar fieldRef(String name, String path) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        // The API server defaults apiVersion; setting it keeps the applied object a fixed point.
        .withApiVersion("v1")
        .withFieldPath(path)
        .endFieldRef()
        .endValueFrom()
        .build();
  }

  private static EnvVar secretKey(String name, String secret, String key, boolean optional) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .withOptional(optional ? Boolean.TRUE : null)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
