package dev.appservice.kit;

import dev.appservice.contract.RuntimeEnv;
import dev.appservice.contract.RuntimeValues;
import java.util.HashMap;
import java.util.Map;

/**
 * The runtime's environment (docs/env-contract.md) for one worker or API process, as the operator
 * would set it in a pod, on the kit's engines: topics {@code NAME.commands} and {@code NAME.events}
 * unless set otherwise, the kit's PostgreSQL superuser, and a management port of its own (several
 * runtimes share one JVM here). Turn it into a configuration with the runtime's {@code
 * RuntimeConfig.fromEnv(env.map(), Optional.empty())}.
 */
public final class LocalEnv {
  private final Map<String, String> env = new HashMap<>();

  private LocalEnv(String mode, String name, String bootstrapServers, int partitions) {
    env.put(RuntimeEnv.APPSERVICE_MODE, mode);
    env.put(RuntimeEnv.APPSERVICE_NAME, name);
    env.put(RuntimeEnv.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
    env.put(RuntimeEnv.INPUT_TOPIC, name + ".commands");
    env.put(RuntimeEnv.OUTPUT_TOPIC, name + ".events");
    env.put(RuntimeEnv.PARTITIONS, Integer.toString(partitions));
    env.put(RuntimeEnv.DATABASE_USER, LocalPostgres.USER);
    env.put(RuntimeEnv.DATABASE_PASSWORD, LocalPostgres.PASSWORD);
    env.put(RuntimeEnv.MANAGEMENT_PORT, "0");
  }

  private LocalEnv(Map<String, String> env) {
    this.env.putAll(env);
  }

  /** The worker of one partition. */
  public static LocalEnv worker(
      String name, String bootstrapServers, int partitions, int partition) {
    return new LocalEnv(RuntimeValues.MODE_WORKER, name, bootstrapServers, partitions)
        .with(RuntimeEnv.PARTITION, Integer.toString(partition));
  }

  /**
   * The HTTP API, on a free port unless {@link #httpPort(int)} says otherwise. It serves callers
   * without credentials ({@code API_AUTH_ANONYMOUS=true}): the kit's engines listen on this machine
   * only. Set {@code API_AUTH_*} (and {@code API_AUTH_ANONYMOUS=false}) to authenticate.
   */
  public static LocalEnv api(String name, String bootstrapServers, int partitions) {
    return new LocalEnv(RuntimeValues.MODE_API, name, bootstrapServers, partitions)
        .with(RuntimeEnv.HTTP_PORT, "0")
        .with(RuntimeEnv.API_AUTH_ANONYMOUS, "true");
  }

  /** The database by JDBC URL. */
  public LocalEnv database(String jdbcUrl) {
    return with(RuntimeEnv.DATABASE_URL, jdbcUrl);
  }

  /** The database by host, port and name, as the operator passes a CloudNativePG cluster. */
  public LocalEnv database(String host, int port, String database) {
    return with(RuntimeEnv.DATABASE_HOST, host)
        .with(RuntimeEnv.DATABASE_PORT, Integer.toString(port))
        .with(RuntimeEnv.DATABASE_NAME, database);
  }

  public LocalEnv topics(String inputTopic, String outputTopic) {
    return with(RuntimeEnv.INPUT_TOPIC, inputTopic).with(RuntimeEnv.OUTPUT_TOPIC, outputTopic);
  }

  public LocalEnv handler(String handler) {
    return with(RuntimeEnv.HANDLER, handler);
  }

  public LocalEnv httpPort(int port) {
    return with(RuntimeEnv.HTTP_PORT, Integer.toString(port));
  }

  /** Any other variable of the contract (a name from {@link RuntimeEnv}). */
  public LocalEnv with(String name, String value) {
    env.put(name, value);
    return this;
  }

  public String get(String name) {
    return env.get(name);
  }

  /** The same environment for another mode or partition, this one unchanged. */
  public LocalEnv copy() {
    return new LocalEnv(env);
  }

  public Map<String, String> map() {
    return Map.copyOf(env);
  }
}
