package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.status.PartConditions;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/**
 * Ready postcondition of a KafkaTopic: Strimzi's Topic Operator reports Ready=True for the topic's
 * current generation (after a partition increase, not before Strimzi has acted on it). Used to gate
 * workers and API (dependents wait; nothing is deleted while a topic is not ready).
 */
public class TopicReadyCondition implements Condition<KafkaTopic, AppService> {

  @Override
  public boolean isMet(
      DependentResource<KafkaTopic, AppService> dependentResource,
      AppService primary,
      Context<AppService> context) {
    return dependentResource
        .getSecondaryResource(primary, context)
        .flatMap(PartConditions::strimziReady)
        .map(c -> "True".equals(c.getStatus()))
        .orElse(false);
  }
}
