package dev.appservice.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The parts the app's NetworkPolicies are made of. */
final class NetworkPeers {

  /** The label Kubernetes puts on every namespace, holding its name. */
  private static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";

  private NetworkPeers() {}

  /** Ingress on {@code port} from {@code peers}, or from anywhere for none. */
  static NetworkPolicyIngressRule ingress(List<NetworkPolicyPeer> peers, int port) {
    return new NetworkPolicyIngressRuleBuilder()
        .withFrom(peers == null || peers.isEmpty() ? null : peers)
        .withPorts(port(port))
        .build();
  }

  /** Ingress on {@code port} from pods in {@code namespaces}, or from anywhere for none. */
  static NetworkPolicyIngressRule fromNamespaces(Set<String> namespaces, int port) {
    return ingress(namespaces(namespaces), port);
  }

  /** Every pod of each namespace, in name order (a stable spec). */
  static List<NetworkPolicyPeer> namespaces(Set<String> namespaces) {
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

  static NetworkPolicyPeer pods(Map<String, String> labels) {
    return new NetworkPolicyPeerBuilder()
        .withNewPodSelector()
        .withMatchLabels(labels)
        .endPodSelector()
        .build();
  }

  static NetworkPolicyPort port(int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol("TCP")
        .withPort(new IntOrString(port))
        .build();
  }
}
