package dev.appservice.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Standard Kubernetes conditions whose lastTransitionTime moves only when the status changes. */
public final class Conditions {

  public static final String TOPICS_READY = "TopicsReady";
  public static final String DATABASE_READY = "DatabaseReady";
  public static final String WORKERS_READY = "WorkersReady";
  public static final String API_READY = "ApiReady";
  public static final String READY = "Ready";

  /** How the API authenticates; False (reason Anonymous) while it serves every caller. */
  public static final String API_AUTHENTICATION = "ApiAuthentication";

  private Conditions() {}

  public static Condition of(String type, boolean status, String reason, String message) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  /**
   * Completes {@code next} with observedGeneration and lastTransitionTime: the previous time is
   * kept while the status stays the same, so an unchanged world yields an identical condition.
   */
  public static Condition settle(
      Condition next, List<Condition> previous, long generation, Instant now) {
    var before = find(previous, next.getType());
    boolean unchanged =
        before.map(b -> Objects.equals(b.getStatus(), next.getStatus())).orElse(false);
    return new ConditionBuilder(next)
        .withObservedGeneration(generation)
        .withLastTransitionTime(unchanged ? before.get().getLastTransitionTime() : now.toString())
        .build();
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }
}
