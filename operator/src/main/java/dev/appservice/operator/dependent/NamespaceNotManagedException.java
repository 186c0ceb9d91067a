package dev.appservice.operator.dependent;

import java.util.Set;
import java.util.TreeSet;

/**
 * An AppService's Kafka parts belong in a namespace whose objects this operator does not manage
 * (outside {@code KAFKA_NAMESPACES}). The AppService is refused before anything is written, and
 * reports this message.
 */
public final class NamespaceNotManagedException extends RuntimeException {

  private NamespaceNotManagedException(String message) {
    super(message);
  }

  /** The AppService's {@code spec.kafka.namespace} is not managed. */
  public static NamespaceNotManagedException kafkaNamespace(String namespace, Set<String> managed) {
    return new NamespaceNotManagedException(
        "spec.kafka.namespace is '"
            + namespace
            + "', where this operator does not manage KafkaTopics and KafkaUsers"
            + advice(managed));
  }

  private static String advice(Set<String> managed) {
    return ": it manages them only in "
        + new TreeSet<>(managed)
        + ". An administrator can add the namespace to the operator's kafkaNamespaces (Helm"
        + " value); spec.kafka.namespace cannot be changed, so otherwise re-create the"
        + " AppService with one of those.";
  }
}
