package dev.appservice.operator.model;

import java.util.Optional;
import java.util.Set;

/**
 * Who besides the app's own pods may reach a CloudNativePG cluster's pods on the ports that serve
 * no data: the instance manager's status port (8000), which the CloudNativePG operator polls, and
 * the metrics exporter (9187), which Prometheus scrapes. Unset, each is open to any source.
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
