package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfig;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Optional;
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

  /**
   * Refuses to write where this dependent's informer does not look (a namespace outside {@code
   * KAFKA_NAMESPACES}): the operator could not see the object it wrote, and with namespaced RBAC it
   * may not write there at all.
   */
  @Override
  public ReconcileResult<R> reconcile(AppService primary, Context<AppService> context) {
    var desired = desired(primary, context);
    var managed = managedNamespaces();
    var namespace = desired.getMetadata().getNamespace();
    if (managed.isPresent() && !managed.get().contains(namespace)) {
      throw NamespaceNotManagedException.part(
          desired.getKind(), desired.getMetadata().getName(), namespace, managed.get());
    }
    return super.reconcile(primary, context);
  }

  /** The namespaces this dependent's informer watches, or empty when it watches all. */
  private Optional<Set<String>> managedNamespaces() {
    return configuration()
        .map(KubernetesDependentResourceConfig::informerConfig)
        .filter(
            informer ->
                !informer.watchAllNamespaces() && !informer.inheritsNamespacesFromController())
        .map(InformerConfiguration::getNamespaces);
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
