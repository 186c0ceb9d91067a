package dev.appservice.operator.dependent;

import dev.appservice.operator.api.cnpg.v1.Cluster;
import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.Database;
import dev.appservice.operator.model.Labels;
import dev.appservice.operator.model.Naming;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * The CloudNativePG cluster. It is always part of the workflow (never behind an activation
 * condition, which would delete it and everything depending on it when switched off); with an
 * external database it simply does nothing, and {@link DatabaseReadyCondition} checks the Secret.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR))
public class DatabaseClusterDependent extends RetainableDependent<Cluster> {

  public DatabaseClusterDependent() {
    super(Cluster.class);
  }

  @Override
  public ReconcileResult<Cluster> reconcile(AppService primary, Context<AppService> context) {
    if (!primary.getSpec().getDatabase().usesCloudNativePG()) {
      return ReconcileResult.noOperation(null);
    }
    return super.reconcile(primary, context);
  }

  /**
   * Known without desired(), which needs spec.database.cloudNativePG: after a switch to an external
   * database the retained Cluster is still found, and cleaned up, by this id.
   */
  @Override
  protected ResourceID targetSecondaryResourceID(AppService primary, Context<AppService> context) {
    return new ResourceID(Naming.databaseCluster(primary), Naming.namespace(primary));
  }

  @Override
  protected Cluster desired(AppService primary, Context<AppService> context) {
    return Database.cluster(primary);
  }
}
