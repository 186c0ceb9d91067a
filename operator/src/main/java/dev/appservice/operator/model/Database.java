package dev.appservice.operator.model;

import dev.appservice.operator.api.cnpg.v1.Cluster;
import dev.appservice.operator.api.cnpg.v1.ClusterSpec;
import dev.appservice.operator.api.v1alpha1.AppService;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpecBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
  public static NetworkPolicy networkPolicy(AppService app, DatabaseAccess access) {
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
            .addAllToFrom(namespacePeers(cloudNativePG))
            .withPorts(port(5432))
            .endIngress()
            .addToIngress(fromNamespaces(cloudNativePG, 8000))
            .addToIngress(fromNamespaces(access.metricsNamespaces(), 9187))
            .build();
    return new NetworkPolicyBuilder()
        .withMetadata(Labels.metadata(app, cluster, Naming.DATABASE))
        .withSpec(spec)
        .build();
  }

  /** Ingress on {@code port} from pods in {@code namespaces}, or from anywhere for none. */
  private static NetworkPolicyIngressRule fromNamespaces(Set<String> namespaces, int port) {
    var peers = namespacePeers(namespaces);
    return new NetworkPolicyIngressRuleBuilder()
        .withFrom(peers.isEmpty() ? null : peers)
        .withPorts(port(port))
        .build();
  }

  /** Every pod of each namespace, in name order (a stable spec). */
  private static List<NetworkPolicyPeer> namespacePeers(Set<String> namespaces) {
    return new TreeSet<>(namespaces)
        .stream()
            .map(
                ns ->
                    new NetworkPolicyPeerBuilder()
                        .withNewNamespaceSelector()
                        .withMatchLabels(Map.of(NAMESPACE_NAME, ns))
                        .endNamespaceSelector()
                        .build())
            .toList();
  }

  private static NetworkPolicyPort port(int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol("TCP")
        .withPort(new IntOrString(port))
        .build();
  }

  /** The label Kubernetes puts on every namespace, holding its name. */
  private static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";
}
