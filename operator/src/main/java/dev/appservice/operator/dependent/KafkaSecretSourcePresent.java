package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.KafkaSecurity;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Reconcile precondition of the Kafka Secret copies: authentication is on and Strimzi has written
 * the original. When it turns false the copy is deleted, which is safe: it is only a copy. An
 * original in a namespace the operator does not watch (outside KAFKA_NAMESPACES) counts as there:
 * the running pods keep their copy, and the copy's reconciliation reports the namespace instead.
 */
public class KafkaSecretSourcePresent implements Condition<Secret, AppService> {
  @Override
  public boolean isMet(
      DependentResource<Secret, AppService> dependentResource,
      AppService primary,
      Context<AppService> context) {
    var copy = (KafkaSecretCopyDependent) dependentResource;
    var source = copy.source(primary);
    boolean outOfSight =
        KafkaSourceSecrets.watched(context)
            .filter(ns -> !ns.contains(source.namespace()))
            .isPresent();
    return KafkaSecurity.of(primary).enabled()
        && (outOfSight || KafkaSourceSecrets.find(context, source).isPresent());
  }
}
