package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.EnvContract;
import dev.appservice.operator.model.PodTemplates;
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

  /** The Secret's version; empty while it is missing (CloudNativePG has not written it yet). */
  static Optional<String> version(AppService app, KubernetesClient client) {
    Secret secret =
        client
            .secrets()
            .inNamespace(app.getMetadata().getNamespace())
            .withName(EnvContract.databaseSecret(app))
            .get();
    return Optional.ofNullable(secret)
        .map(
            s ->
                PodTemplates.hash(
                    s.getMetadata().getUid() + "/" + s.getMetadata().getResourceVersion()));
  }
}
