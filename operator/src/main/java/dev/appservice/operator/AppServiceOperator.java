package dev.appservice.operator;

import dev.appservice.operator.config.OperatorConfig;
import dev.appservice.operator.reconciler.AppServiceReconciler;
import dev.appservice.operator.reconciler.EventRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/** Wires the operator; used by {@link OperatorMain} and by the integration tests. */
public final class AppServiceOperator {

  private AppServiceOperator() {}

  public static Operator create(
      KubernetesClient client, OperatorConfig config, MeterRegistry registry) {
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
                        .withExitOnStopLeading(config.exitOnLostLease())
                        .build());
              }
            });
    operator.register(
        new AppServiceReconciler(new EventRecorder(client)),
        o -> {
          if (config.watchNamespaces().isEmpty()) {
            o.watchingAllNamespaces();
          } else {
            o.settingNamespaces(config.watchNamespaces());
          }
        });
    return operator;
  }
}
