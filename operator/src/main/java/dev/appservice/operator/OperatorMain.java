package dev.appservice.operator;

import dev.appservice.operator.config.ManagementServer;
import dev.appservice.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the operator, configured from the environment (see {@link OperatorConfig}). */
public final class OperatorMain {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  public static void main(String[] args) {
    var config = OperatorConfig.fromEnv(System.getenv());
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var client = new KubernetesClientBuilder().build();
    var stopping = new AtomicBoolean();
    var operator = AppServiceOperator.create(client, config, registry, stopping::get);
    var management = new ManagementServer(config.httpPort(), registry, () -> healthy(operator));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.set(true);
                  operator.stop();
                  management.close();
                  client.close();
                }));
    operator.start();
    LOG.info(
        "appservice-operator started, watching {}",
        config.watchNamespaces().isEmpty() ? "all namespaces" : config.watchNamespaces());
  }

  /** Healthy while every informer is connected; a standby replica without the Lease is too. */
  static boolean healthy(Operator operator) {
    var info = operator.getRuntimeInfo();
    return !info.isStarted() || info.allEventSourcesAreHealthy();
  }
}
