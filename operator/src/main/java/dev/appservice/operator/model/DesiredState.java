package dev.appservice.operator.model;

import dev.appservice.operator.api.v1alpha1.AppService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Every object the operator makes for an AppService, in the order it makes them, built by the same
 * functions its dependents use. Without the copies of Strimzi's Secrets, which hold what Strimzi
 * writes and so cannot be known ahead. For review and diffs ({@code appservice render}).
 */
public final class DesiredState {

  private DesiredState() {}

  public static List<HasMetadata> of(AppService app, NetworkAccess access) {
    var objects = new ArrayList<HasMetadata>();
    objects.add(KafkaTopics.input(app));
    objects.add(KafkaTopics.output(app));
    objects.add(KafkaTopics.deadLetter(app));
    if (KafkaSecurity.of(app).enabled()) {
      objects.add(KafkaUsers.worker(app));
      objects.add(KafkaUsers.api(app));
    }
    if (app.getSpec().getDatabase().usesCloudNativePG()) {
      objects.add(Database.cluster(app));
      objects.add(Database.networkPolicy(app, access));
    }
    objects.add(Workers.headlessService(app));
    objects.add(Workers.podDisruptionBudget(app));
    objects.add(Workers.networkPolicy(app, access));
    objects.add(Workers.statefulSet(app));
    objects.add(Api.service(app));
    objects.add(Api.networkPolicy(app, access));
    objects.add(Api.deployment(app));
    if (app.getSpec().getApi().getIngress() != null) {
      objects.add(Api.ingress(app));
    }
    return objects;
  }
}
