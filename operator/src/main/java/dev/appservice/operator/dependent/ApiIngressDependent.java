package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.Api;
import dev.appservice.operator.model.Labels;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR))
public class ApiIngressDependent extends CRUDKubernetesDependentResource<Ingress, AppService> {

  public ApiIngressDependent() {
    super(Ingress.class);
  }

  @Override
  protected Ingress desired(AppService primary, Context<AppService> context) {
    return Api.ingress(primary);
  }
}
