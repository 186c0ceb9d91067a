package dev.appservice.operator.reconciler;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.api.v1alpha1.AppServiceStatus;
import dev.appservice.operator.model.TopicClaims;
import dev.appservice.operator.status.Conditions;
import dev.appservice.operator.status.StatusAggregator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events for what a person should see in {@code kubectl describe}: a condition that
 * turned False for a reason that is not just progress, and Ready turning True. Only on change, so a
 * steady state writes nothing.
 */
public class EventRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  /** Ready=False for these is the operator refusing or failing, not waiting: a Warning. */
  private static final Set<String> REFUSALS =
      Set.of(
          StatusAggregator.RECONCILE_ERROR,
          StatusAggregator.KAFKA_NAMESPACE_NOT_MANAGED,
          TopicClaims.NAME_NOT_ALLOWED,
          TopicClaims.NOT_OWNED,
          SecretWriteAccess.FORBIDDEN);

  private static final Set<String> PROGRESS =
      Set.of(
          "TopicPending",
          "WaitingForTopicOperator",
          "DatabasePending",
          "ClusterNotReady",
          "WaitingForDependencies",
          "WorkersStarting",
          "ApiStarting");

  private final KubernetesClient client;

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  void onStatusChange(AppService app, AppServiceStatus before, AppServiceStatus after) {
    List<Condition> previous = before == null ? List.of() : before.getConditions();
    for (var condition : after.getConditions()) {
      if (!changed(previous, condition)) {
        continue;
      }
      boolean isTrue = "True".equals(condition.getStatus());
      if (Conditions.READY.equals(condition.getType())) {
        if (isTrue) {
          normal(app, "Ready", condition.getMessage());
        } else if (REFUSALS.contains(condition.getReason())) {
          warning(app, condition.getReason(), condition.getMessage());
        }
      } else if (!isTrue && !PROGRESS.contains(condition.getReason())) {
        warning(app, condition.getReason(), condition.getType() + ": " + condition.getMessage());
      }
    }
  }

  private static boolean changed(List<Condition> previous, Condition condition) {
    return Conditions.find(previous, condition.getType())
        .map(
            old ->
                !Objects.equals(old.getStatus(), condition.getStatus())
                    || !Objects.equals(old.getReason(), condition.getReason()))
        .orElse(true);
  }

  void warning(AppService app, String reason, String message) {
    record(app, "Warning", reason, message);
  }

  void normal(AppService app, String reason, String message) {
    record(app, "Normal", reason, message);
  }

  private void record(AppService app, String type, String reason, String message) {
    var now = Instant.now();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                app.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
            .withNamespace(app.getMetadata().getNamespace())
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(app.getApiVersion())
            .withKind(app.getKind())
            .withName(app.getMetadata().getName())
            .withNamespace(app.getMetadata().getNamespace())
            .withUid(app.getMetadata().getUid())
            .endInvolvedObject()
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withFirstTimestamp(now.toString())
            .withLastTimestamp(now.toString())
            .withCount(1)
            .withNewSource()
            .withComponent("appservice-operator")
            .endSource()
            .withReportingComponent("appservice-operator")
            .build();
    try {
      client.v1().events().inNamespace(app.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // Events are best effort: never fail a reconcile because one could not be written.
      LOG.warn(
          "Could not record event {} for {}: {}",
          reason,
          app.getMetadata().getName(),
          e.getMessage());
    }
  }
}
