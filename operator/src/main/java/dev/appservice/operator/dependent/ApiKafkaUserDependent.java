package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.KafkaUsers;
import dev.appservice.operator.model.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.strimzi.api.kafka.model.user.KafkaUser;

/** Credentials, not data: deleted with the AppService whatever the deletionPolicy. */
@KubernetesDependent(
    informer =
        @Informer(
            namespaces = Constants.WATCH_ALL_NAMESPACES,
            labelSelector = Labels.MANAGED_BY_SELECTOR))
public class ApiKafkaUserDependent extends CrossNamespaceDependent<KafkaUser> {

  public ApiKafkaUserDependent() {
    super(KafkaUser.class);
  }

  @Override
  protected KafkaUser desired(AppService primary, Context<AppService> context) {
    return KafkaUsers.api(primary);
  }
}
