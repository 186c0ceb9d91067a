package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.Labels;
import dev.appservice.operator.model.Naming;
import dev.appservice.operator.model.Workers;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR))
public class WorkerStatefulSetDependent
    extends CRUDKubernetesDependentResource<StatefulSet, AppService> {

  public WorkerStatefulSetDependent() {
    super(StatefulSet.class);
  }

  /** Known without desired(), which reads the current workload to keep its credential digests. */
  @Override
  protected ResourceID targetSecondaryResourceID(AppService primary, Context<AppService> context) {
    return new ResourceID(Naming.workers(primary), primary.getMetadata().getNamespace());
  }

  @Override
  protected StatefulSet desired(AppService primary, Context<AppService> context) {
    var desired = Workers.statefulSet(primary);
    var current =
        getSecondaryResource(primary, context).map(workload -> workload.getSpec().getTemplate());
    CredentialVersions.annotate(
        desired.getSpec().getTemplate(), current, primary, context, Naming.WORKER);
    return desired;
  }
}
