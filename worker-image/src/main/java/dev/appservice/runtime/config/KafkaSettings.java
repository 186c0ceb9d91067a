package dev.appservice.runtime.config;

import dev.appservice.contract.RuntimeEnv;
import dev.appservice.contract.RuntimeValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Connection and security settings shared by every Kafka client of the runtime, and the largest
 * record it produces ({@code maxRecordBytes}, as Kafka's producer counts a record's size).
 */
public record KafkaSettings(
    String bootstrapServers,
    String securityProtocol,
    Optional<String> saslMechanism,
    Optional<String> saslJaasConfig,
    Optional<Path> caCertFile,
    Optional<Path> userCertFile,
    Optional<Path> userKeyFile,
    int maxRecordBytes) {

  static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

  static KafkaSettings from(Env env) {
    String bootstrap =
        env.check(
            RuntimeEnv.KAFKA_BOOTSTRAP_SERVERS,
            env.required(RuntimeEnv.KAFKA_BOOTSTRAP_SERVERS),
            v -> v.matches("[^,\\s:]+:\\d+(,[^,\\s:]+:\\d+)*"),
            "must be host:port[,host:port...]");
    String protocol =
        env.check(
            RuntimeEnv.KAFKA_SECURITY_PROTOCOL,
            env.orDefault(RuntimeEnv.KAFKA_SECURITY_PROTOCOL, "PLAINTEXT"),
            PROTOCOLS::contains,
            "must be one of " + PROTOCOLS);
    Optional<String> mechanism = env.optional(RuntimeEnv.KAFKA_SASL_MECHANISM);
    Optional<String> jaas = env.optional(RuntimeEnv.KAFKA_SASL_JAAS_CONFIG);
    if (protocol.startsWith("SASL_") && (mechanism.isEmpty() || jaas.isEmpty())) {
      env.problem(
          RuntimeEnv.KAFKA_SASL_MECHANISM
              + " and "
              + RuntimeEnv.KAFKA_SASL_JAAS_CONFIG
              + " are required when "
              + RuntimeEnv.KAFKA_SECURITY_PROTOCOL
              + " is "
              + protocol);
    }
    Optional<Path> ca = readableFile(env, RuntimeEnv.KAFKA_CA_CERT_FILE);
    Optional<Path> cert = readableFile(env, RuntimeEnv.KAFKA_USER_CERT_FILE);
    Optional<Path> key = readableFile(env, RuntimeEnv.KAFKA_USER_KEY_FILE);
    if (cert.isPresent() != key.isPresent()) {
      env.problem(
          RuntimeEnv.KAFKA_USER_CERT_FILE
              + " and "
              + RuntimeEnv.KAFKA_USER_KEY_FILE
              + " must be set together");
    }
    int maxRecordBytes =
        env.integer(
            RuntimeEnv.KAFKA_MAX_RECORD_BYTES,
            Optional.of(RuntimeValues.DEFAULT_MAX_RECORD_BYTES),
            RuntimeValues.MIN_MAX_RECORD_BYTES,
            RuntimeValues.MAX_MAX_RECORD_BYTES);
    return new KafkaSettings(bootstrap, protocol, mechanism, jaas, ca, cert, key, maxRecordBytes);
  }

  private static Optional<Path> readableFile(Env env, String name) {
    Optional<Path> path = env.optional(name).map(Path::of);
    if (path.isPresent() && !Files.isReadable(path.get())) {
      env.problem(name + " points to '" + path.get() + "', which is not a readable file");
    }
    return path;
  }

  /**
   * Properties of a producer: the client properties, and the record limit as {@code
   * max.request.size}, so that the producer refuses a larger record before sending it.
   */
  public Map<String, Object> producerProperties() {
    Map<String, Object> props = clientProperties();
    props.put("max.request.size", maxRecordBytes);
    return props;
  }

  /** Properties common to consumers, producers and admin clients. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("security.protocol", securityProtocol);
    saslMechanism.ifPresent(m -> props.put("sasl.mechanism", m));
    saslJaasConfig.ifPresent(j -> props.put("sasl.jaas.config", j));
    // Kafka's PEM support takes certificates inline, which also works with Strimzi's PKCS#8 keys.
    caCertFile.ifPresent(
        f -> {
          props.put("ssl.truststore.type", "PEM");
          props.put("ssl.truststore.certificates", read(f));
        });
    if (userCertFile.isPresent() && userKeyFile.isPresent()) {
      props.put("ssl.keystore.type", "PEM");
      props.put("ssl.keystore.certificate.chain", read(userCertFile.get()));
      props.put("ssl.keystore.key", read(userKeyFile.get()));
    }
    return props;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
