package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.KafkaSecurity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Reconcile preconditions of optional parts. A precondition turning false DELETES its dependent
 * (and everything depending on it), so they guard only parts that hold no data and that nothing
 * depends on: KafkaUsers, the database NetworkPolicy and the Ingress. Topics and the database never
 * sit behind one.
 */
public final class Preconditions {

  private Preconditions() {}

  abstract static class OnSpec<R extends HasMetadata> implements Condition<R, AppService> {
    @Override
    public boolean isMet(
        DependentResource<R, AppService> dependentResource,
        AppService primary,
        Context<AppService> context) {
      return test(primary);
    }

    abstract boolean test(AppService app);
  }

  public static class KafkaAuthenticationEnabled<R extends HasMetadata> extends OnSpec<R> {
    @Override
    boolean test(AppService app) {
      return KafkaSecurity.of(app).enabled();
    }
  }

  public static class CloudNativePGSelected<R extends HasMetadata> extends OnSpec<R> {
    @Override
    boolean test(AppService app) {
      return app.getSpec().getDatabase().usesCloudNativePG();
    }
  }

  public static class IngressRequested<R extends HasMetadata> extends OnSpec<R> {
    @Override
    boolean test(AppService app) {
      return app.getSpec().getApi() != null && app.getSpec().getApi().getIngress() != null;
    }
  }
}
