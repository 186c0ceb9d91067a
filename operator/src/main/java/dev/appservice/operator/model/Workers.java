package dev.appservice.operator.model;

import dev.appservice.operator.api.v1alpha1.AppService;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.List;

/** The partition workers: one StatefulSet pod per input partition, pod index = partition. */
public final class Workers {

  private Workers() {}

  public static StatefulSet statefulSet(AppService app) {
    var worker = app.getSpec().getWorker();
    var ports =
        List.of(
            new ContainerPortBuilder()
                .withName("management")
                .withContainerPort(EnvContract.MANAGEMENT_PORT)
                .build());
    return new StatefulSetBuilder()
        .withMetadata(Labels.metadata(app, Naming.workers(app), Naming.WORKER))
        .withNewSpec()
        .withReplicas(app.getSpec().getPartitions())
        .withServiceName(Naming.workers(app))
        // Workers own disjoint partitions: no reason to start them one by one.
        .withPodManagementPolicy("Parallel")
        .withNewSelector()
        .withMatchLabels(Labels.selector(app, Naming.WORKER))
        .endSelector()
        .withTemplate(
            PodTemplates.of(
                app,
                Naming.WORKER,
                worker.getImage(),
                EnvContract.worker(app),
                worker.getResources(),
                ports))
        .endSpec()
        .build();
  }

  public static Service headlessService(AppService app) {
    return new ServiceBuilder()
        .withMetadata(Labels.metadata(app, Naming.workers(app), Naming.WORKER))
        .withNewSpec()
        .withClusterIP("None")
        .withSelector(Labels.selector(app, Naming.WORKER))
        .addNewPort()
        .withName("management")
        .withPort(EnvContract.MANAGEMENT_PORT)
        .withTargetPort(new IntOrString("management"))
        .endPort()
        .endSpec()
        .build();
  }

  /** A drain takes at most one partition offline at a time. */
  public static PodDisruptionBudget podDisruptionBudget(AppService app) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(Labels.metadata(app, Naming.workers(app), Naming.WORKER))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(Labels.selector(app, Naming.WORKER))
        .endSelector()
        .endSpec()
        .build();
  }

  /**
   * Workers serve nothing but their management port (health, metrics), open to the metrics
   * namespaces of {@code access} (any source where it names none); nothing else reaches them.
   */
  public static NetworkPolicy networkPolicy(AppService app, NetworkAccess access) {
    return new NetworkPolicyBuilder()
        .withMetadata(Labels.metadata(app, Naming.workers(app), Naming.WORKER))
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(Labels.selector(app, Naming.WORKER))
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .withIngress(
            NetworkPeers.fromNamespaces(access.metricsNamespaces(), EnvContract.MANAGEMENT_PORT))
        .endSpec()
        .build();
  }
}
