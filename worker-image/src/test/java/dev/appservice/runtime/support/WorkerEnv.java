package dev.appservice.runtime.support;

import dev.appservice.runtime.config.RuntimeConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The env contract for one test worker, as the operator would set it. */
public final class WorkerEnv {
  private final Map<String, String> env = new HashMap<>();

  public WorkerEnv(String app, String bootstrap, String jdbcUrl, int partitions, int partition) {
    env.put("APPSERVICE_MODE", "worker");
    env.put("APPSERVICE_NAME", app);
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    env.put("INPUT_TOPIC", app + ".commands");
    env.put("OUTPUT_TOPIC", app + ".events");
    env.put("PARTITIONS", Integer.toString(partitions));
    env.put("PARTITION", Integer.toString(partition));
    env.put("DATABASE_URL", jdbcUrl);
    env.put("DATABASE_USER", "postgres");
    env.put("DATABASE_PASSWORD", "postgres");
    env.put("MANAGEMENT_PORT", "0");
  }

  public WorkerEnv with(String name, String value) {
    env.put(name, value);
    return this;
  }

  public Map<String, String> map() {
    return Map.copyOf(env);
  }

  public RuntimeConfig config() {
    return RuntimeConfig.fromEnv(env, Optional.empty());
  }

  public String inputTopic() {
    return env.get("INPUT_TOPIC");
  }

  public String outputTopic() {
    return env.get("OUTPUT_TOPIC");
  }

  public String deadLetterTopic() {
    return env.getOrDefault("DEAD_LETTER_TOPIC", inputTopic() + ".dlq");
  }
}
