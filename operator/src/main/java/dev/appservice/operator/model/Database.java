package dev.appservice.operator.model;

import dev.appservice.operator.api.cnpg.v1.Cluster;
import dev.appservice.operator.api.cnpg.v1.ClusterSpec;
import dev.appservice.operator.api.v1alpha1.AppService;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpecBuilder;
import java.util.Map;
import java.util.Set;

/** The CloudNativePG cluster of an AppService and the NetworkPolicy that fences it. */
public final class Database {

  /** CloudNativePG's defaults; the operator creates {@code <cluster>-app} for this owner. */
  public static final String DATABASE = "app";

  public static final String OWNER = "app";

  private Database() {}

  public static Cluster cluster(AppService app) {
    var spec = app.getSpec().getDatabase().getCloudNativePG();
    var cluster = new Cluster();
    cluster.setMetadata(
        new ObjectMetaBuilder()
            .withName(Naming.databaseCluster(app))
            .withNamespace(Naming.namespace(app))
            .withLabels(Labels.of(app, Naming.DATABASE))
            .build());
    cluster.setSpec(
        new ClusterSpec(
            spec.getInstances(),
            new ClusterSpec.Storage(spec.getStorage(), spec.getStorageClass()),
            new ClusterSpec.Bootstrap(new ClusterSpec.InitDb(DATABASE, OWNER))));
    return cluster;
  }

  /**
   * Only this app's pods, the cluster's own instances (replication) and, when {@code access} names
   * its namespace, the CloudNativePG operator reach PostgreSQL. The ports without data, the
   * instance manager's status (8000, polled by the CloudNativePG operator) and the metrics exporter
   * (9187, scraped by Prometheus), are open to the namespaces {@code access} names, or to any
   * source where it names none.
   */
  public static NetworkPolicy networkPolicy(AppService app, NetworkAccess access) {
    var cluster = Naming.databaseCluster(app);
    var cloudNativePG = access.cloudNativePGNamespace().map(Set::of).orElse(Set.<String>of());
    var spec =
        new NetworkPolicySpecBuilder()
            .withNewPodSelector()
            .withMatchLabels(Map.of(Labels.CNPG_CLUSTER, cluster))
            .endPodSelector()
            .withPolicyTypes("Ingress")
            .addNewIngress()
            .withFrom(
                NetworkPeers.pods(Labels.appPods(app)),
                NetworkPeers.pods(Map.of(Labels.CNPG_CLUSTER, cluster)))
            .addAllToFrom(NetworkPeers.namespaces(cloudNativePG))
            .withPorts(NetworkPeers.port(5432))
            .endIngress()
            .addToIngress(NetworkPeers.fromNamespaces(cloudNativePG, 8000))
            .addToIngress(NetworkPeers.fromNamespaces(access.metricsNamespaces(), 9187))
            .build();
    return new NetworkPolicyBuilder()
        .withMetadata(Labels.metadata(app, cluster, Naming.DATABASE))
        .withSpec(spec)
        .build();
  }
}
