package dev.appservice.operator;

import dev.appservice.operator.config.OperatorConfig;
import dev.appservice.operator.reconciler.AppServiceReconciler;
import dev.appservice.operator.reconciler.EventRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the operator; used by {@link OperatorMain} and by the integration tests. */
public final class AppServiceOperator {

  private static final Logger LOG = LoggerFactory.getLogger(AppServiceOperator.class);

  private AppServiceOperator() {}

  public static Operator create(
      KubernetesClient client, OperatorConfig config, MeterRegistry registry) {
    return create(client, config, registry, () -> false);
  }

  /**
   * @param shuttingDown true once the process is stopping on its own: losing the Lease is then
   *     expected and must not call System.exit, which blocks forever inside a shutdown hook
   */
  public static Operator create(
      KubernetesClient client,
      OperatorConfig config,
      MeterRegistry registry,
      BooleanSupplier shuttingDown) {
    var operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
              if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                            OperatorConfig.LEASE_NAME)
                        .withLeaseNamespace(config.leaseNamespace())
                        .withIdentity(config.identity())
                        .withExitOnStopLeading(false)
                        .withLeaderCallbacks(leaseCallbacks(config, shuttingDown))
                        .build());
              }
            });
    var reconciler =
        new AppServiceReconciler(
            client,
            new EventRecorder(client),
            config.kafkaNamespaces(),
            config.networkAccess(),
            config.topicNames(),
            config.secretWriteGrant());
    operator.register(
        reconciler,
        o -> {
          o.withReconciliationMaxInterval(config.resyncInterval());
          reconciler.restrictKafkaParts(o);
          if (config.watchNamespaces().isEmpty()) {
            o.watchingAllNamespaces();
          } else {
            o.settingNamespaces(config.watchNamespaces());
          }
        });
    return operator;
  }

  /**
   * A replica that lost the Lease must stop reconciling at once, so it exits and Kubernetes
   * restarts it as a standby. JOSDK's own exit-on-stop-leading would also fire on a normal
   * shutdown, from inside the shutdown hook, where System.exit deadlocks.
   */
  private static LeaderCallbacks leaseCallbacks(
      OperatorConfig config, BooleanSupplier shuttingDown) {
    Runnable onStopLeading =
        () -> {
          if (config.exitOnLostLease() && !shuttingDown.getAsBoolean()) {
            LOG.error("Lost the leader Lease; exiting so that a standby takes over");
            System.exit(1);
          }
        };
    return new LeaderCallbacks(() -> {}, onStopLeading, identity -> {});
  }
}
