package dev.appservice.operator.model;

import java.util.Optional;

/**
 * How an administrator lets the operator write Secrets in a namespace, as its install says: the
 * operator's ServiceAccount, and the ClusterRole to bind there (the chart's {@code
 * <release-namespace>-<release>-secret-writer} when it watches all namespaces; none when each
 * watched namespace has its own Role, or when run outside the chart).
 *
 * @param serviceAccountNamespace the operator's namespace
 * @param serviceAccount the operator's ServiceAccount
 * @param clusterRole the ClusterRole that grants Secret write, to be bound per namespace
 */
public record SecretWriteGrant(
    String serviceAccountNamespace, String serviceAccount, Optional<String> clusterRole) {

  /** What to do about it, as a sentence ending the refusal's message. */
  public String howToAllow(String namespace) {
    var subject = serviceAccountNamespace + ":" + serviceAccount;
    return clusterRole
        .map(
            role ->
                "An administrator can allow it: kubectl create rolebinding "
                    + role
                    + " --namespace "
                    + namespace
                    + " --clusterrole "
                    + role
                    + " --serviceaccount "
                    + subject
                    + " (or list the namespace in the chart's secretWriteNamespaces).")
        .orElse(
            "An administrator can allow it with a Role in "
                + namespace
                + " granting create, patch and delete on secrets to the ServiceAccount "
                + subject
                + " (the chart's rbac/secret-write-rules.yaml).");
  }
}
