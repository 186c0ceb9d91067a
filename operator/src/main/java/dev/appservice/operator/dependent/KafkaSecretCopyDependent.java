package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.KafkaCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Optional;

/**
 * A copy, in the AppService's namespace, of a Secret Strimzi writes to the Kafka namespace. Only a
 * copy: it exists while authentication is on and the original exists, and nothing waits for it
 * (pods simply start once it is there).
 */
abstract class KafkaSecretCopyDependent
    extends CRUDKubernetesDependentResource<Secret, AppService> {

  KafkaSecretCopyDependent() {
    super(Secret.class);
  }

  abstract KafkaCredentials.Source source(AppService app);

  abstract String target(AppService app);

  /** The original as the operator sees it now; a KafkaUser's credentials are watched. */
  Optional<Secret> original(AppService primary, Context<AppService> context) {
    return KafkaSourceSecrets.find(context, source(primary));
  }

  abstract String component();

  /** Known without desired(), which needs the original: deleting a copy must not. */
  @Override
  protected ResourceID targetSecondaryResourceID(AppService primary, Context<AppService> context) {
    return new ResourceID(target(primary), primary.getMetadata().getNamespace());
  }

  @Override
  protected Secret desired(AppService primary, Context<AppService> context) {
    var source =
        original(primary, context)
            .orElseThrow(
                () -> new IllegalStateException("Secret " + source(primary) + " vanished"));
    return KafkaCredentials.copy(primary, target(primary), component(), source);
  }
}
