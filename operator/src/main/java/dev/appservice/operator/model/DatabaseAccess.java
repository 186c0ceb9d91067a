package dev.appservice.operator.model;

import java.util.Optional;
import java.util.Set;

/**
 * Who besides the app's own pods may reach a CloudNativePG cluster's pods. The CloudNativePG
 * operator, from its namespace, reaches PostgreSQL (5432) and the instance manager's status port
 * (8000); Prometheus, from its namespaces, reaches the metrics exporter (9187). Unset, 5432 stays
 * closed to them, and 8000 or 9187 is open to any source.
 *
 * @param cloudNativePGNamespace the CloudNativePG operator's namespace
 * @param metricsNamespaces the namespaces of the Prometheus servers that scrape the database
 */
public record DatabaseAccess(
    Optional<String> cloudNativePGNamespace, Set<String> metricsNamespaces) {

  public static final DatabaseAccess OPEN = new DatabaseAccess(Optional.empty(), Set.of());

  public DatabaseAccess {
    metricsNamespaces = Set.copyOf(metricsNamespaces);
  }
}
