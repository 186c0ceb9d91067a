package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.EnvContract;
import dev.appservice.operator.model.PodTemplates;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * The version of the database Secret a component's pods read their connection from (the
 * CloudNativePG app Secret, or the external one), on their template: the runtime reads it at start,
 * so the pods roll when it changes (a rotated password). Nothing watches that Secret; the periodic
 * resync ({@code RESYNC_INTERVAL_SECONDS}) reads it. The Secret's uid and resourceVersion are used,
 * not its data: a digest of a user-chosen password on a pod would invite offline guessing.
 */
final class DatabaseCredentials {

  private DatabaseCredentials() {}

  /**
   * While the Secret is missing (CloudNativePG has not written it yet, or it was removed) the
   * running pods' value is kept: replacing them would only give pods that cannot start.
   *
   * @param current the template of the workload as it is now, if it exists
   */
  static void versionInto(
      PodTemplateSpec template,
      Optional<PodTemplateSpec> current,
      AppService app,
      KubernetesClient client) {
    Secret secret =
        client
            .secrets()
            .inNamespace(app.getMetadata().getNamespace())
            .withName(EnvContract.databaseSecret(app))
            .get();
    Optional<String> version =
        secret == null
            ? current
                .map(t -> t.getMetadata().getAnnotations())
                .map(a -> a.get(PodTemplates.DATABASE_SECRET_VERSION))
            : Optional.of(
                PodTemplates.hash(
                    secret.getMetadata().getUid()
                        + "/"
                        + secret.getMetadata().getResourceVersion()));
    version.ifPresent(
        v -> template.getMetadata().getAnnotations().put(PodTemplates.DATABASE_SECRET_VERSION, v));
  }
}
