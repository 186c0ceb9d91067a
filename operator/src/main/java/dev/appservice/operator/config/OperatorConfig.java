package dev.appservice.operator.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Operator settings from the environment (set by the Helm chart).
 *
 * @param watchNamespaces namespaces whose AppServices are reconciled; empty means all
 * @param leaderElection whether to hold a Lease before reconciling (off only for local runs)
 * @param leaseNamespace namespace of the Lease, normally the operator's own
 * @param identity this replica's name in the Lease (the pod name)
 * @param httpPort port of /metrics, /healthz and /readyz
 * @param exitOnLostLease end the process when the Lease is lost, so a replica that is no longer
 *     leader cannot keep reconciling (off only when embedded, e.g. in tests)
 * @param resyncInterval how long an AppService may go without a reconciliation: what no informer
 *     watches (a rotated database Secret, an external database Secret appearing) is noticed within
 *     it
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    boolean leaderElection,
    String leaseNamespace,
    String identity,
    int httpPort,
    boolean exitOnLostLease,
    Duration resyncInterval) {

  public static final String LEASE_NAME = "appservice-operator";

  public static OperatorConfig fromEnv(Map<String, String> env) {
    var namespaces =
        Arrays.stream(env.getOrDefault("WATCH_NAMESPACES", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    return new OperatorConfig(
        namespaces,
        Boolean.parseBoolean(env.getOrDefault("LEADER_ELECTION", "true")),
        env.get("POD_NAMESPACE"),
        env.getOrDefault("POD_NAME", env.getOrDefault("HOSTNAME", "appservice-operator")),
        Integer.parseInt(env.getOrDefault("HTTP_PORT", "8080")),
        true,
        Duration.ofSeconds(resyncSeconds(env.getOrDefault("RESYNC_INTERVAL_SECONDS", "300"))));
  }

  private static long resyncSeconds(String raw) {
    long seconds;
    try {
      seconds = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds < 10 || seconds > 86_400) {
      throw new IllegalArgumentException(
          "RESYNC_INTERVAL_SECONDS must be a number of seconds from 10 to 86400, got '"
              + raw
              + "'");
    }
    return seconds;
  }
}
