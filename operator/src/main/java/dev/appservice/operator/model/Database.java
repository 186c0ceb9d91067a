package dev.appservice.operator.model;

import dev.appservice.operator.api.cnpg.v1.Cluster;
import dev.appservice.operator.api.cnpg.v1.ClusterSpec;
import dev.appservice.operator.api.v1alpha1.AppService;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.util.Map;

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
   * Only this app's pods (and the cluster's own instances, for replication) reach PostgreSQL. Port
   * 8000 is CloudNativePG's instance manager, which its operator polls from its own namespace.
   */
  public static NetworkPolicy networkPolicy(AppService app) {
    var cluster = Naming.databaseCluster(app);
    return new NetworkPolicyBuilder()
        .withMetadata(Labels.metadata(app, cluster, Naming.DATABASE))
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(Map.of(Labels.CNPG_CLUSTER, cluster))
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .withFrom(
            new NetworkPolicyPeerBuilder()
                .withNewPodSelector()
                .withMatchLabels(Labels.appPods(app))
                .endPodSelector()
                .build(),
            new NetworkPolicyPeerBuilder()
                .withNewPodSelector()
                .withMatchLabels(Map.of(Labels.CNPG_CLUSTER, cluster))
                .endPodSelector()
                .build())
        .addNewPort()
        .withProtocol("TCP")
        .withPort(new IntOrString(5432))
        .endPort()
        .endIngress()
        // From anywhere, no data: the instance manager's status port, which the CloudNativePG
        // operator (in a namespace of its own) polls, and the Prometheus exporter.
        .addNewIngress()
        .addNewPort()
        .withProtocol("TCP")
        .withPort(new IntOrString(8000))
        .endPort()
        .addNewPort()
        .withProtocol("TCP")
        .withPort(new IntOrString(9187))
        .endPort()
        .endIngress()
        .endSpec()
        .build();
  }
}
