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
import io.javaoperatorsdk.operator.processing.event.ResourceID;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR))
public class ApiDeploymentDependent
    extends CRUDKubernetesDependentResource<Deployment, AppService> {

  public ApiDeploymentDependent() {
    super(Deployment.class);
  }

  /** Known without desired(), which reads the current workload to keep its credential digests. */
  @Override
  protected ResourceID targetSecondaryResourceID(AppService primary, Context<AppService> context) {
    return new ResourceID(Naming.api(primary), primary.getMetadata().getNamespace());
  }

  @Override
  protected Deployment desired(AppService primary, Context<AppService> context) {
    var desired = Api.deployment(primary);
    var current =
        getSecondaryResource(primary, context).map(workload -> workload.getSpec().getTemplate());
    CredentialVersions.annotate(
        desired.getSpec().getTemplate(), current, primary, context, Naming.API);
    return desired;
  }
}
