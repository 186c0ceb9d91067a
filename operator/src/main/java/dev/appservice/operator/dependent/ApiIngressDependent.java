package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.Api;
import dev.appservice.operator.model.Labels;
import dev.appservice.operator.model.Naming;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR))
public class ApiIngressDependent extends CRUDKubernetesDependentResource<Ingress, AppService> {

  public ApiIngressDependent() {
    super(Ingress.class);
  }

  /**
   * Known without desired(), which needs spec.api.ingress: removing the ingress from the spec
   * deletes this dependent, and the deletion looks it up by this id.
   */
  @Override
  protected ResourceID targetSecondaryResourceID(AppService primary, Context<AppService> context) {
    return new ResourceID(Naming.api(primary), Naming.namespace(primary));
  }

  @Override
  protected Ingress desired(AppService primary, Context<AppService> context) {
    return Api.ingress(primary);
  }
}
