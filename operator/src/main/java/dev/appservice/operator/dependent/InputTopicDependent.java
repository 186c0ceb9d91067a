package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.KafkaTopics;
import dev.appservice.operator.model.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

@KubernetesDependent(
    informer =
        @Informer(
            namespaces = Constants.WATCH_ALL_NAMESPACES,
            labelSelector = Labels.MANAGED_BY_SELECTOR))
public class InputTopicDependent extends RetainableDependent<KafkaTopic> {

  public InputTopicDependent() {
    super(KafkaTopic.class);
  }

  @Override
  protected KafkaTopic desired(AppService primary, Context<AppService> context) {
    return KafkaTopics.input(primary);
  }
}
