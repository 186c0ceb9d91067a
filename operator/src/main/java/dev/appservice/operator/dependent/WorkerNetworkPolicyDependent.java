package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.Labels;
import dev.appservice.operator.model.NetworkAccess;
import dev.appservice.operator.model.Workers;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR))
public class WorkerNetworkPolicyDependent extends NetworkPolicyDependent {

  @Override
  protected NetworkPolicy desired(AppService primary, NetworkAccess access) {
    return Workers.networkPolicy(primary, access);
  }
}
