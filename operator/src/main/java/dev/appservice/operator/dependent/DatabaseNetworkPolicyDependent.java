package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.Database;
import dev.appservice.operator.model.DatabaseAccess;
import dev.appservice.operator.model.Labels;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR))
public class DatabaseNetworkPolicyDependent
    extends CRUDKubernetesDependentResource<NetworkPolicy, AppService> {

  public DatabaseNetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  /**
   * Key of the operator's {@link DatabaseAccess} in the workflow context (put by the reconciler).
   */
  public static final String ACCESS = "database-access";

  @Override
  protected NetworkPolicy desired(AppService primary, Context<AppService> context) {
    // Mandatory: a missing value must fail, not fall back to wider access.
    var access =
        context
            .managedWorkflowAndDependentResourceContext()
            .getMandatory(ACCESS, DatabaseAccess.class);
    return Database.networkPolicy(primary, access);
  }
}
