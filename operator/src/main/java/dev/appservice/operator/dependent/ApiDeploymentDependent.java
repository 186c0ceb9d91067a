package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.Api;
import dev.appservice.operator.model.Labels;
import dev.appservice.operator.model.Naming;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR))
public class ApiDeploymentDependent
    extends CRUDKubernetesDependentResource<Deployment, AppService> {

  public ApiDeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(AppService primary, Context<AppService> context) {
    var desired = Api.deployment(primary);
    CopiedSecrets.digestInto(desired.getSpec().getTemplate(), primary, context, Naming.API);
    return desired;
  }
}
