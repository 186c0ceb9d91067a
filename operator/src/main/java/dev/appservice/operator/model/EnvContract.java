package dev.appservice.operator.model;

import dev.appservice.contract.RuntimeEnv;
import dev.appservice.contract.RuntimeValues;
import dev.appservice.operator.api.cnpg.v1.Cluster;
import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.api.v1alpha1.KafkaAuthentication;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The environment variables of docs/env-contract.md: the only way the operator configures the
 * runtime pods. The names come from the env-contract module's {@link RuntimeEnv}, which the runtime
 * reads too; EnvContractTest pins them.
 */
public final class EnvContract {

  public static final int MANAGEMENT_PORT = RuntimeValues.MANAGEMENT_PORT;

  private EnvContract() {}

  public static List<EnvVar> worker(AppService app) {
    var env = common(app, Naming.WORKER, RuntimeValues.MODE_WORKER);
    env.add(value(RuntimeEnv.DEAD_LETTER_TOPIC, Naming.deadLetterTopic(app)));
    env.add(value(RuntimeEnv.CONSUMER_GROUP, Naming.consumerGroup(app)));
    env.add(fieldRef(RuntimeEnv.PARTITION, "metadata.labels['" + Labels.POD_INDEX + "']"));
    var worker = app.getSpec().getWorker();
    if (worker.getBatchMaxRecords() != null) {
      env.add(value(RuntimeEnv.BATCH_MAX_RECORDS, worker.getBatchMaxRecords().toString()));
    }
    if (worker.getCommandRetention() != null) {
      env.add(value(RuntimeEnv.COMMAND_RETENTION, worker.getCommandRetention()));
    }
    env.addAll(worker.getEnv());
    return env;
  }

  public static List<EnvVar> api(AppService app) {
    var env = common(app, Naming.API, RuntimeValues.MODE_API);
    env.add(value(RuntimeEnv.DATABASE_POOL_SIZE, Integer.toString(Database.apiPool(app))));
    env.add(value(RuntimeEnv.HTTP_PORT, app.getSpec().getApi().getPort().toString()));
    var origins = app.getSpec().getApi().getCorsAllowedOrigins();
    if (origins != null && !origins.isEmpty()) {
      env.add(value(RuntimeEnv.CORS_ALLOWED_ORIGINS, String.join(",", origins)));
    }
    env.addAll(auth(app));
    env.addAll(app.getSpec().getWorker().getEnv());
    return env;
  }

  /** Where the API pod finds its API keys: the Secret's key, mounted read-only. */
  public static final String API_KEYS_DIR = "/etc/appservice/api-keys";

  public static final String API_KEYS_FILE = API_KEYS_DIR + "/keys";

  /** {@code spec.api.auth} as the runtime's {@code API_AUTH_*} variables. */
  private static List<EnvVar> auth(AppService app) {
    var env = new ArrayList<EnvVar>();
    var auth = app.getSpec().getApi().getAuth();
    if (auth == null) {
      return env; // the CRD requires it; the runtime refuses to start without it
    }
    if (auth.getJwt() != null) {
      var jwt = auth.getJwt();
      env.add(value(RuntimeEnv.API_AUTH_JWT_ISSUER, jwt.getIssuer()));
      env.add(value(RuntimeEnv.API_AUTH_JWT_AUDIENCE, jwt.getAudience()));
      if (jwt.getJwksUri() != null) {
        env.add(value(RuntimeEnv.API_AUTH_JWT_JWKS_URI, jwt.getJwksUri()));
      }
      if (jwt.getScopesClaim() != null) {
        env.add(value(RuntimeEnv.API_AUTH_JWT_SCOPES_CLAIM, jwt.getScopesClaim()));
      }
    }
    if (auth.getApiKeys() != null) {
      env.add(value(RuntimeEnv.API_AUTH_API_KEYS_FILE, API_KEYS_FILE));
    }
    if (auth.anonymous()) {
      env.add(value(RuntimeEnv.API_AUTH_ANONYMOUS, "true"));
    }
    return env;
  }

  /**
   * @param component {@link Naming#WORKER} or {@link Naming#API}, for the names of its parts
   * @param mode the runtime mode the pods run in
   */
  private static List<EnvVar> common(AppService app, String component, String mode) {
    var env = new ArrayList<EnvVar>();
    env.add(value(RuntimeEnv.APPSERVICE_MODE, mode));
    env.add(value(RuntimeEnv.APPSERVICE_NAME, Naming.name(app)));
    env.add(value(RuntimeEnv.KAFKA_BOOTSTRAP_SERVERS, Naming.bootstrapServers(app)));
    env.addAll(kafkaSecurity(app, component));
    env.add(
        value(
            RuntimeEnv.KAFKA_MAX_RECORD_BYTES, Integer.toString(KafkaTopics.maxRecordBytes(app))));
    env.add(value(RuntimeEnv.INPUT_TOPIC, app.getSpec().getInput().getTopic()));
    env.add(value(RuntimeEnv.OUTPUT_TOPIC, app.getSpec().getOutput().getTopic()));
    // No PARTITIONS: it would put spec.partitions into every pod template, so that adding a
    // partition restarted every worker and API pod. The StatefulSet's replicas carry it instead.
    env.addAll(database(app));
    env.add(value(RuntimeEnv.MANAGEMENT_PORT, Integer.toString(MANAGEMENT_PORT)));
    // The API validates commands by the same handler's rules, so it needs the name too.
    var handler = app.getSpec().getWorker().getHandler();
    env.add(value(RuntimeEnv.HANDLER, handler == null ? RuntimeValues.DEFAULT_HANDLER : handler));
    return env;
  }

  private static List<EnvVar> kafkaSecurity(AppService app, String component) {
    var security = KafkaSecurity.of(app);
    var env = new ArrayList<EnvVar>();
    env.add(value(RuntimeEnv.KAFKA_SECURITY_PROTOCOL, security.protocol()));
    if (!security.enabled()) {
      return env;
    }
    env.add(value(RuntimeEnv.KAFKA_CA_CERT_FILE, KafkaSecurity.CA_DIR + "/ca.crt"));
    if (security.authentication() == KafkaAuthentication.SCRAM_SHA_512) {
      env.add(value(RuntimeEnv.KAFKA_SASL_MECHANISM, "SCRAM-SHA-512"));
      env.add(
          secretKey(
              RuntimeEnv.KAFKA_SASL_JAAS_CONFIG,
              KafkaCredentials.userSecret(app, component),
              "sasl.jaas.config",
              false));
    } else {
      env.add(value(RuntimeEnv.KAFKA_USER_CERT_FILE, KafkaSecurity.USER_DIR + "/user.crt"));
      env.add(value(RuntimeEnv.KAFKA_USER_KEY_FILE, KafkaSecurity.USER_DIR + "/user.key"));
    }
    return env;
  }

  /** Where the pods find the database server's CA certificate, mounted read-only. */
  public static final String DATABASE_CA_DIR = "/etc/appservice/database-ca";

  public static final String DATABASE_CA_FILE = DATABASE_CA_DIR + "/ca.crt";

  /**
   * The database connection: CloudNativePG's app Secret, verified against CloudNativePG's server CA
   * ({@code verify-full}); or the external Secret's keys, with its {@code sslmode} and {@code
   * ca.crt} when it has them.
   */
  private static List<EnvVar> database(AppService app) {
    var db = app.getSpec().getDatabase();
    if (db.usesCloudNativePG()) {
      String secret = Cluster.appSecretName(Naming.databaseCluster(app));
      return List.of(
          secretKey(RuntimeEnv.DATABASE_URL, secret, "uri", false),
          secretKey(RuntimeEnv.DATABASE_USER, secret, "username", false),
          secretKey(RuntimeEnv.DATABASE_PASSWORD, secret, "password", false),
          value(RuntimeEnv.DATABASE_SSLMODE, "verify-full"),
          value(RuntimeEnv.DATABASE_SSLROOTCERT, DATABASE_CA_FILE));
    }
    String secret = db.getExternal().getSecretRef().getName();
    return List.of(
        secretKey(RuntimeEnv.DATABASE_URL, secret, "uri", true),
        secretKey(RuntimeEnv.DATABASE_HOST, secret, "host", true),
        secretKey(RuntimeEnv.DATABASE_PORT, secret, "port", true),
        secretKey(RuntimeEnv.DATABASE_NAME, secret, "dbname", true),
        secretKey(RuntimeEnv.DATABASE_USER, secret, "user", true),
        secretKey(RuntimeEnv.DATABASE_PASSWORD, secret, "password", true),
        secretKey(RuntimeEnv.DATABASE_SSLMODE, secret, "sslmode", true),
        value(RuntimeEnv.DATABASE_SSLROOTCERT, DATABASE_CA_FILE));
  }

  /**
   * The Secret and key of the database server's CA: CloudNativePG's, or the external Secret's
   * {@code ca.crt}, which it may lack (the volume is then optional).
   */
  public static String databaseCaSecret(AppService app) {
    var db = app.getSpec().getDatabase();
    return db.usesCloudNativePG()
        ? Cluster.serverCaSecretName(Naming.databaseCluster(app))
        : db.getExternal().getSecretRef().getName();
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
