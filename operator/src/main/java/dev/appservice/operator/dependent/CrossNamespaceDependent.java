package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;

/**
 * A dependent that carries no owner reference (it may live in another namespace, or must survive
 * the AppService): it is found by the owner labels and deleted explicitly by the cleanup workflow.
 */
abstract class CrossNamespaceDependent<R extends HasMetadata>
    extends CRUDNoGCKubernetesDependentResource<R, AppService>
    implements SecondaryToPrimaryMapper<R> {

  CrossNamespaceDependent(Class<R> type) {
    super(type);
  }

  @Override
  public Set<ResourceID> toPrimaryResourceIDs(R resource) {
    var labels = resource.getMetadata().getLabels();
    if (labels == null
        || !labels.containsKey(Labels.OWNER_NAME)
        || !labels.containsKey(Labels.OWNER_NAMESPACE)) {
      return Set.of();
    }
    return Set.of(
        new ResourceID(labels.get(Labels.OWNER_NAME), labels.get(Labels.OWNER_NAMESPACE)));
  }

  /** The owner labels already map back to the primary; no JOSDK annotations needed. */
  @Override
  protected void addSecondaryToPrimaryMapperAnnotations(R desired, AppService primary) {}
}
