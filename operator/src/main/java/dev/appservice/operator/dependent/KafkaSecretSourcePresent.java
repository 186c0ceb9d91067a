package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.KafkaSecurity;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Reconcile precondition of the Kafka Secret copies: authentication is on and Strimzi has written
 * the original. When it turns false the copy is deleted, which is safe: it is only a copy.
 */
public class KafkaSecretSourcePresent implements Condition<Secret, AppService> {
  @Override
  public boolean isMet(
      DependentResource<Secret, AppService> dependentResource,
      AppService primary,
      Context<AppService> context) {
    var copy = (KafkaSecretCopyDependent) dependentResource;
    return KafkaSecurity.of(primary).enabled() && copy.original(primary, context).isPresent();
  }
}
