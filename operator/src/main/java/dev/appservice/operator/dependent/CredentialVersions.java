package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.KafkaCredentials;
import dev.appservice.operator.model.PodTemplates;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;

/**
 * The runtime reads its credentials once, at start, so a component's pod template carries what
 * identifies them: the digest of the Kafka copies it mounts ({@link CopiedSecrets}) and the version
 * of its database Secret ({@link DatabaseCredentials}). When either changes, the pods roll. While a
 * source is missing, the running pods' value is kept: replacing them would only give pods that
 * cannot start.
 */
final class CredentialVersions {

  private CredentialVersions() {}

  /**
   * @param current the template of the workload as it is now, if it exists
   */
  static void annotate(
      PodTemplateSpec template,
      Optional<PodTemplateSpec> current,
      AppService app,
      Context<AppService> context,
      String component) {
    if (!KafkaCredentials.mounted(app, component).isEmpty()) {
      setOrKeep(
          template,
          current,
          PodTemplates.CREDENTIALS_HASH,
          CopiedSecrets.digest(app, context, component));
    }
    setOrKeep(
        template,
        current,
        PodTemplates.DATABASE_SECRET_VERSION,
        DatabaseCredentials.version(app, context.getClient()));
  }

  private static void setOrKeep(
      PodTemplateSpec template,
      Optional<PodTemplateSpec> current,
      String annotation,
      Optional<String> value) {
    value
        .or(() -> current.map(t -> t.getMetadata().getAnnotations()).map(a -> a.get(annotation)))
        .ifPresent(v -> template.getMetadata().getAnnotations().put(annotation, v));
  }
}
