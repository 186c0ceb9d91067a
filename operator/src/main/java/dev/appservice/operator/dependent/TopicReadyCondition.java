package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/**
 * Ready postcondition of a KafkaTopic: Strimzi's Topic Operator reports Ready=True. Used to gate
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
        .map(t -> t.getStatus() == null ? null : t.getStatus().getConditions())
        .map(
            cs ->
                cs.stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
        .orElse(false);
  }
}
