package dev.appservice.operator.model;

import dev.appservice.contract.ConnectionBudget;
import dev.appservice.operator.api.cnpg.v1.Cluster;
import dev.appservice.operator.api.cnpg.v1.ClusterSpec;
import dev.appservice.operator.api.v1alpha1.AppService;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpecBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** The CloudNativePG cluster of an AppService and the NetworkPolicy that fences it. */
public final class Database {

  /** CloudNativePG's defaults; the operator creates {@code <cluster>-app} for this owner. */
  public static final String DATABASE = "app";

  public static final String OWNER = "app";

  /** The PostgreSQL setting the operator sizes from the AppService. */
  public static final String MAX_CONNECTIONS = "max_connections";

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
            new ClusterSpec.Bootstrap(new ClusterSpec.InitDb(DATABASE, OWNER)),
            new ClusterSpec.Postgresql(
                Map.of(MAX_CONNECTIONS, Integer.toString(maxConnections(app))))));
    return cluster;
  }

  /**
   * Room for every worker and API replica of the AppService ({@link ConnectionBudget}): it grows
   * with spec.partitions and spec.api.replicas, in steps of 100, so most rescales leave it (and the
   * PostgreSQL restart a change needs) alone.
   */
  public static int maxConnections(AppService app) {
    return ConnectionBudget.maxConnections(app.getSpec().getPartitions(), apiReplicas(app));
  }

  static int apiReplicas(AppService app) {
    Integer replicas = app.getSpec().getApi() == null ? null : app.getSpec().getApi().getReplicas();
    return replicas == null ? 1 : replicas;
  }

  /**
   * The API replicas' pool: full on CloudNativePG (max_connections is sized for it) and on an
   * external database without a budget; within {@code spec.database.external.maxConnections}
   * otherwise (at least the smallest pool, when the budget is too small and Ready says so).
   */
  public static int apiPool(AppService app) {
    var budget = externalBudget(app);
    if (budget.isEmpty()) {
      return ConnectionBudget.API_POOL;
    }
    return ConnectionBudget.apiPool(
            budget.getAsInt(), app.getSpec().getPartitions(), apiReplicas(app))
        .orElse(ConnectionBudget.API_MIN_POOL);
  }

  /** An external database's connection budget for this AppService, if the spec gives one. */
  public static OptionalInt externalBudget(AppService app) {
    var database = app.getSpec().getDatabase();
    if (database.usesCloudNativePG() || database.getExternal().getMaxConnections() == null) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(database.getExternal().getMaxConnections());
  }

  /** Why an external database's budget is too small, or empty if it suffices (or there is none). */
  public static Optional<String> budgetProblem(AppService app) {
    var budget = externalBudget(app);
    int partitions = app.getSpec().getPartitions();
    int replicas = apiReplicas(app);
    if (budget.isEmpty()
        || ConnectionBudget.apiPool(budget.getAsInt(), partitions, replicas).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        "spec.database.external.maxConnections is "
            + budget.getAsInt()
            + ", but "
            + partitions
            + " workers hold "
            + ConnectionBudget.workers(partitions)
            + " connections and "
            + replicas
            + " API replicas (with a rollout's surge) at least "
            + ConnectionBudget.api(replicas, ConnectionBudget.API_MIN_POOL)
            + ": it must be at least "
            + ConnectionBudget.smallestBudget(partitions, replicas)
            + " ("
            + ConnectionBudget.needed(partitions, replicas)
            + " for full API pools), and the database's max_connections above that");
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
