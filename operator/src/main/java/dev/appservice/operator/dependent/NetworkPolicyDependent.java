package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.NetworkAccess;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** A NetworkPolicy of the app, shaped by the install's {@link NetworkAccess}. */
public abstract class NetworkPolicyDependent
    extends CRUDKubernetesDependentResource<NetworkPolicy, AppService> {

  /**
   * Key of the operator's {@link NetworkAccess} in the workflow context (put by the reconciler).
   */
  public static final String ACCESS = "network-access";

  protected NetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  protected abstract NetworkPolicy desired(AppService primary, NetworkAccess access);

  @Override
  protected final NetworkPolicy desired(AppService primary, Context<AppService> context) {
    // Mandatory: a missing value must fail, not fall back to wider access.
    var access =
        context
            .managedWorkflowAndDependentResourceContext()
            .getMandatory(ACCESS, NetworkAccess.class);
    return desired(primary, access);
  }
}
