package dev.appservice.operator.model;

import java.util.Optional;
import java.util.Set;

/**
 * Who besides an app's own pods may reach them, as the operator's install says. The CloudNativePG
 * operator, from its namespace, reaches PostgreSQL (5432) and the instance manager's status port
 * (8000); Prometheus, from its namespaces, reaches the metrics ports: the database's exporter
 * (9187) and the management port of the worker and API pods. Unset, 5432 stays closed to them, and
 * the status and metrics ports are open to any source.
 *
 * @param cloudNativePGNamespace the CloudNativePG operator's namespace
 * @param metricsNamespaces the namespaces of the Prometheus servers that scrape the app
 */
public record NetworkAccess(
    Optional<String> cloudNativePGNamespace, Set<String> metricsNamespaces) {

  public static final NetworkAccess OPEN = new NetworkAccess(Optional.empty(), Set.of());

  public NetworkAccess {
    metricsNamespaces = Set.copyOf(metricsNamespaces);
  }
}
