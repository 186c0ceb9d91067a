package dev.appservice.operator.config;

import dev.appservice.operator.model.NetworkAccess;
import dev.appservice.operator.model.SecretWriteGrant;
import dev.appservice.operator.model.TopicNamePolicy;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Operator settings from the environment (set by the Helm chart).
 *
 * @param watchNamespaces namespaces whose AppServices are reconciled; empty means all
 * @param kafkaNamespaces namespaces where AppServices may have their KafkaTopics and KafkaUsers
 *     (their {@code spec.kafka.namespace}), and where Strimzi's Secrets are read; empty means all.
 *     With both sets given, the operator needs no cluster-wide permission (the chart then grants
 *     Roles in those namespaces only)
 * @param networkAccess who besides the app's pods may reach them: {@code CLOUDNATIVEPG_NAMESPACE}
 *     (the database's 5432 and status port 8000) and {@code METRICS_NAMESPACES} (the database's
 *     metrics 9187, the management port of workers and API); see {@link NetworkAccess}
 * @param topicNames which topic names the AppServices of a namespace may claim: {@code
 *     TOPIC_NAME_PREFIX}, in which {@code {namespace}} stands for the namespace; unset, {@code
 *     {namespace}.}; empty, any name (see {@link TopicNamePolicy})
 * @param secretWriteGrant how an administrator lets the operator write Secrets in a namespace:
 *     {@code SECRET_WRITER_CLUSTER_ROLE} (the ClusterRole to bind there; unset or empty when each
 *     watched namespace has its own Role), {@code SERVICE_ACCOUNT} and {@code POD_NAMESPACE}
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
    Set<String> kafkaNamespaces,
    NetworkAccess networkAccess,
    TopicNamePolicy topicNames,
    SecretWriteGrant secretWriteGrant,
    boolean leaderElection,
    String leaseNamespace,
    String identity,
    int httpPort,
    boolean exitOnLostLease,
    Duration resyncInterval) {

  public static final String LEASE_NAME = "appservice-operator";

  public static OperatorConfig fromEnv(Map<String, String> env) {
    return new OperatorConfig(
        namespaces(env, "WATCH_NAMESPACES"),
        namespaces(env, "KAFKA_NAMESPACES"),
        new NetworkAccess(
            namespace(env, "CLOUDNATIVEPG_NAMESPACE"), namespaces(env, "METRICS_NAMESPACES")),
        topicNames(env),
        new SecretWriteGrant(
            env.getOrDefault("POD_NAMESPACE", "default"),
            env.getOrDefault("SERVICE_ACCOUNT", "appservice-operator"),
            Optional.ofNullable(env.get("SECRET_WRITER_CLUSTER_ROLE"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())),
        Boolean.parseBoolean(env.getOrDefault("LEADER_ELECTION", "true")),
        env.get("POD_NAMESPACE"),
        env.getOrDefault("POD_NAME", env.getOrDefault("HOSTNAME", "appservice-operator")),
        Integer.parseInt(env.getOrDefault("HTTP_PORT", "8080")),
        true,
        Duration.ofSeconds(resyncSeconds(env.getOrDefault("RESYNC_INTERVAL_SECONDS", "300"))));
  }

  private static TopicNamePolicy topicNames(Map<String, String> env) {
    String prefix = env.get("TOPIC_NAME_PREFIX");
    if (prefix == null) {
      return TopicNamePolicy.NAMESPACE_PREFIX;
    }
    try {
      return new TopicNamePolicy(prefix.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("TOPIC_NAME_PREFIX: " + e.getMessage(), e);
    }
  }

  /** A comma-separated list of namespace names; blank means none (all namespaces). */
  private static Set<String> namespaces(Map<String, String> env, String name) {
    var namespaces =
        Arrays.stream(env.getOrDefault(name, "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    for (String ns : namespaces) {
      if (!DNS_LABEL.matcher(ns).matches()) {
        throw new IllegalArgumentException(
            name + " must list namespace names separated by commas, got '" + ns + "'");
      }
    }
    return namespaces;
  }

  /** One namespace name, or none when blank. */
  private static Optional<String> namespace(Map<String, String> env, String name) {
    var namespaces = namespaces(env, name);
    if (namespaces.size() > 1) {
      throw new IllegalArgumentException(
          name + " names one namespace, got '" + env.get(name) + "'");
    }
    return namespaces.stream().findFirst();
  }

  /** What Kubernetes accepts as a namespace name (RFC 1123 label). */
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

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
