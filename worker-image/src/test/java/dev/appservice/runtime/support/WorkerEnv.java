package dev.appservice.runtime.support;

import dev.appservice.contract.RuntimeEnv;
import dev.appservice.kit.LocalEnv;
import dev.appservice.runtime.config.RuntimeConfig;
import java.util.Map;
import java.util.Optional;

/** The env contract for one test worker, as the operator would set it (the kit's env map). */
public final class WorkerEnv {
  private final LocalEnv env;

  public WorkerEnv(String app, String bootstrap, String jdbcUrl, int partitions, int partition) {
    env = LocalEnv.worker(app, bootstrap, partitions, partition).database(jdbcUrl);
  }

  public WorkerEnv with(String name, String value) {
    env.with(name, value);
    return this;
  }

  public Map<String, String> map() {
    return env.map();
  }

  public RuntimeConfig config() {
    return RuntimeConfig.fromEnv(env.map(), Optional.empty());
  }

  public String inputTopic() {
    return env.get(RuntimeEnv.INPUT_TOPIC);
  }

  public String outputTopic() {
    return env.get(RuntimeEnv.OUTPUT_TOPIC);
  }

  public String deadLetterTopic() {
    String topic = env.get(RuntimeEnv.DEAD_LETTER_TOPIC);
    return topic != null ? topic : inputTopic() + ".dlq";
  }
}
