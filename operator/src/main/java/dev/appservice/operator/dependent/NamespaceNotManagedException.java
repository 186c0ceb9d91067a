package dev.appservice.operator.dependent;

import java.util.Set;
import java.util.TreeSet;

/**
 * A part belongs in a namespace whose objects this operator does not manage: a KafkaTopic or
 * KafkaUser in a namespace outside {@code KAFKA_NAMESPACES}. Nothing is written there; the
 * AppService reports it.
 */
public final class NamespaceNotManagedException extends RuntimeException {

  public NamespaceNotManagedException(
      String kind, String name, String namespace, Set<String> managed) {
    super(
        kind
            + " "
            + name
            + " belongs in namespace '"
            + namespace
            + "' (spec.kafka.namespace), where this operator does not manage "
            + kind
            + "s: it manages them only in "
            + new TreeSet<>(managed)
            + ". An administrator can add the namespace to the operator's kafkaNamespaces (Helm"
            + " value); spec.kafka.namespace cannot be changed, so otherwise re-create the"
            + " AppService with one of those.");
  }
}
