package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.api.v1alpha1.DeletionPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dependent that holds data (a topic, a database): deleted only with {@code deletionPolicy:
 * Delete}. With Retain it stays, labels included, so re-creating the AppService adopts it again.
 */
abstract class RetainableDependent<R extends HasMetadata> extends CrossNamespaceDependent<R> {

  private static final Logger LOG = LoggerFactory.getLogger(RetainableDependent.class);

  RetainableDependent(Class<R> type) {
    super(type);
  }

  @Override
  protected void handleDelete(AppService primary, R secondary, Context<AppService> context) {
    if (primary.getSpec().getDeletionPolicy() == DeletionPolicy.Delete) {
      super.handleDelete(primary, secondary, context);
    } else if (secondary != null) {
      LOG.info(
          "Retaining {} {}/{} (deletionPolicy Retain)",
          secondary.getKind(),
          secondary.getMetadata().getNamespace(),
          secondary.getMetadata().getName());
    }
  }
}
