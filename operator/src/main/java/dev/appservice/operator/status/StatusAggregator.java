package dev.appservice.operator.status;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.api.v1alpha1.AppServiceStatus;
import dev.appservice.operator.model.Api;
import dev.appservice.operator.model.EnvContract;
import dev.appservice.operator.model.KafkaTopics;
import dev.appservice.operator.model.Labels;
import dev.appservice.operator.model.Naming;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Builds the AppService status from what was observed; pure, so unit-testable. */
public final class StatusAggregator {

  public static final String RECONCILE_ERROR = "ReconcileError";

  /** The AppService's spec.kafka.namespace is outside the operator's KAFKA_NAMESPACES. */
  public static final String KAFKA_NAMESPACE_NOT_MANAGED = "KafkaNamespaceNotManaged";

  private StatusAggregator() {}

  public static AppServiceStatus aggregate(AppService app, Observation seen, Instant now) {
    var parts =
        List.of(
            PartConditions.topics(
                seen.topics(),
                List.of(KafkaTopics.INPUT, KafkaTopics.OUTPUT, KafkaTopics.DEAD_LETTER)),
            PartConditions.database(app, seen),
            PartConditions.workers(app, seen.workers()),
            PartConditions.api(app, seen.api()));
    var ready = ready(parts);
    var previous = app.getStatus() == null ? List.<Condition>of() : app.getStatus().getConditions();
    long generation = Optional.ofNullable(app.getMetadata().getGeneration()).orElse(0L);
    var conditions = new ArrayList<Condition>();
    for (var condition : parts) {
      conditions.add(Conditions.settle(condition, previous, generation, now));
    }
    conditions.add(Conditions.settle(ready, previous, generation, now));
    // Not a part: anonymous access does not make the AppService unready, it makes it visible.
    conditions.add(
        Conditions.settle(PartConditions.apiAuthentication(app), previous, generation, now));

    var status = new AppServiceStatus();
    status.setObservedGeneration(generation);
    status.setConditions(conditions);
    var sts = seen.workers().map(s -> s.getStatus());
    status.setPartitions(sts.map(s -> s.getReplicas()).orElse(0));
    status.setReadyWorkers(sts.map(s -> s.getReadyReplicas()).filter(r -> r != null).orElse(0));
    status.setSelector(Labels.asSelector(Labels.selector(app, Naming.WORKER)));
    status.setInputTopic(app.getSpec().getInput().getTopic());
    status.setOutputTopic(app.getSpec().getOutput().getTopic());
    status.setApiEndpoint(Api.endpoint(app));
    status.setDatabaseSecret(EnvContract.databaseSecret(app));
    return status;
  }

  /**
   * The current status with Ready=False for an error the operator could not handle; everything else
   * stays as last observed.
   */
  public static AppServiceStatus failed(AppService app, String message, Instant now) {
    return notReady(app, RECONCILE_ERROR, message, now);
  }

  /**
   * The current status with Ready=False because the operator does not manage the AppService's Kafka
   * namespace ({@code managed} are the ones it does). Nothing was reconciled; the spec counts as
   * observed, since this is the decision about it.
   */
  public static AppServiceStatus kafkaNamespaceNotManaged(
      AppService app, String namespace, Set<String> managed, Instant now) {
    var status =
        notReady(
            app,
            KAFKA_NAMESPACE_NOT_MANAGED,
            "spec.kafka.namespace is '"
                + namespace
                + "', where this operator does not manage KafkaTopics and KafkaUsers: it manages"
                + " them only in "
                + new TreeSet<>(managed)
                + ". An administrator can add the namespace to the operator's kafkaNamespaces"
                + " (Helm value); spec.kafka.namespace cannot be changed, so otherwise re-create"
                + " the AppService with one of those.",
            now);
    status.setObservedGeneration(generation(app));
    return status;
  }

  /**
   * The operator refuses the AppService before writing anything for it: it may not have its topics
   * (see {@code TopicClaims}), or the operator may not write the Secrets it needs (see {@code
   * SecretWriteAccess}). The spec counts as observed, since this is the decision about it.
   */
  public static AppServiceStatus refused(
      AppService app, String reason, String message, Instant now) {
    var status = notReady(app, reason, message, now);
    status.setObservedGeneration(generation(app));
    return status;
  }

  private static AppServiceStatus notReady(
      AppService app, String reason, String message, Instant now) {
    var next = app.getStatus() == null ? new AppServiceStatus() : app.getStatus().copy();
    var previous = List.copyOf(next.getConditions());
    var ready = Conditions.of(Conditions.READY, false, reason, message);
    next.getConditions().removeIf(c -> Conditions.READY.equals(c.getType()));
    next.getConditions().add(Conditions.settle(ready, previous, generation(app), now));
    return next;
  }

  private static long generation(AppService app) {
    return Optional.ofNullable(app.getMetadata().getGeneration()).orElse(0L);
  }

  /** Ready carries the reason of the first part that is not ready, so a person can act on it. */
  private static Condition ready(List<Condition> parts) {
    return parts.stream()
        .filter(c -> !"True".equals(c.getStatus()))
        .findFirst()
        .map(c -> Conditions.of(Conditions.READY, false, c.getReason(), c.getMessage()))
        .orElse(Conditions.of(Conditions.READY, true, "Ready", "All parts are ready"));
  }
}
