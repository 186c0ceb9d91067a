package dev.appservice.operator.dependent;

import dev.appservice.operator.api.cnpg.v1.Cluster;
import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.status.Conditions;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** CloudNativePG reports the Cluster Ready, or the external database Secret exists. */
public class DatabaseReadyCondition implements Condition<Cluster, AppService> {

  @Override
  public boolean isMet(
      DependentResource<Cluster, AppService> dependentResource,
      AppService primary,
      Context<AppService> context) {
    if (!primary.getSpec().getDatabase().usesCloudNativePG()) {
      return ExternalDatabase.secretExists(primary, context.getClient());
    }
    return dependentResource
        .getSecondaryResource(primary, context)
        .map(Cluster::getStatus)
        .map(s -> Conditions.isTrue(s.conditions(), "Ready"))
        .orElse(false);
  }
}
