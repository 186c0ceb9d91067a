package dev.appservice.operator.status;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.Database;
import dev.appservice.operator.model.Naming;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One condition per part, from the status the other operators (and Kubernetes) report. */
public final class PartConditions {

  static final String WAITING = "WaitingForDependencies";

  private PartConditions() {}

  static Condition topics(Map<String, KafkaTopic> topics, List<String> roles) {
    for (var role : roles) {
      var topic = topics.get(role);
      if (topic == null) {
        return Conditions.of(
            Conditions.TOPICS_READY,
            false,
            "TopicPending",
            "The " + role + " KafkaTopic does not exist yet");
      }
      var ready = strimziReady(topic);
      if (ready.isEmpty()) {
        return Conditions.of(
            Conditions.TOPICS_READY,
            false,
            "WaitingForTopicOperator",
            "KafkaTopic " + topic.getMetadata().getName() + " has no Ready condition yet");
      }
      if (!"True".equals(ready.get().getStatus())) {
        var c = ready.get();
        return Conditions.of(
            Conditions.TOPICS_READY,
            false,
            Objects.requireNonNullElse(c.getReason(), "TopicNotReady"),
            "KafkaTopic " + topic.getMetadata().getName() + ": " + c.getMessage());
      }
    }
    return Conditions.of(Conditions.TOPICS_READY, true, "TopicsReady", "All KafkaTopics are ready");
  }

  /**
   * Strimzi's Ready condition of a topic, if it describes the topic's current generation: a Ready
   * written before the last spec change (say, more partitions) says nothing about that change.
   */
  public static Optional<io.strimzi.api.kafka.model.common.Condition> strimziReady(
      KafkaTopic topic) {
    if (topic.getStatus() == null || topic.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    var generation = topic.getMetadata().getGeneration();
    var observed = topic.getStatus().getObservedGeneration();
    if (generation != null && observed != 0 && observed < generation) {
      return Optional.empty();
    }
    return topic.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst();
  }

  /** An external database's spec.database.external.maxConnections cannot hold the AppService. */
  public static final String CONNECTION_BUDGET_TOO_SMALL = "ConnectionBudgetTooSmall";

  static Condition database(AppService app, Observation seen) {
    if (!app.getSpec().getDatabase().usesCloudNativePG()) {
      var secret = app.getSpec().getDatabase().getExternal().getSecretRef().getName();
      var budgetProblem = Database.budgetProblem(app);
      if (budgetProblem.isPresent()) {
        return Conditions.of(
            Conditions.DATABASE_READY, false, CONNECTION_BUDGET_TOO_SMALL, budgetProblem.get());
      }
      return seen.externalSecretFound()
          ? Conditions.of(
              Conditions.DATABASE_READY,
              true,
              "ExternalSecretFound",
              "Using the database of Secret " + secret)
          : Conditions.of(
              Conditions.DATABASE_READY,
              false,
              "SecretNotFound",
              "Secret " + secret + " not found in namespace " + Naming.namespace(app));
    }
    if (seen.cluster().isEmpty()) {
      return Conditions.of(
          Conditions.DATABASE_READY,
          false,
          "DatabasePending",
          "The CloudNativePG Cluster does not exist yet");
    }
    var cluster = seen.cluster().get();
    var status = cluster.getStatus();
    if (status != null && Conditions.isTrue(status.conditions(), "Ready")) {
      return Conditions.of(
          Conditions.DATABASE_READY,
          true,
          "ClusterReady",
          "Cluster " + cluster.getMetadata().getName() + " is ready");
    }
    var phase = status == null || status.phase() == null ? "not reported yet" : status.phase();
    return Conditions.of(
        Conditions.DATABASE_READY,
        false,
        "ClusterNotReady",
        "Cluster " + cluster.getMetadata().getName() + " phase: " + phase);
  }

  static Condition workers(AppService app, Optional<StatefulSet> workers) {
    if (workers.isEmpty()) {
      return Conditions.of(
          Conditions.WORKERS_READY,
          false,
          WAITING,
          "Workers start once topics and database are ready");
    }
    int want = app.getSpec().getPartitions();
    var status = workers.get().getStatus();
    int ready = status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
    return ready >= want
        ? Conditions.of(
            Conditions.WORKERS_READY,
            true,
            "AllPartitionsRunning",
            ready + "/" + want + " workers ready")
        : Conditions.of(
            Conditions.WORKERS_READY,
            false,
            "WorkersStarting",
            ready + "/" + want + " workers ready");
  }

  static Condition api(AppService app, Optional<Deployment> api) {
    if (api.isEmpty()) {
      return Conditions.of(
          Conditions.API_READY,
          false,
          WAITING,
          "The API starts once topics and database are ready");
    }
    int want = app.getSpec().getApi().getReplicas();
    var status = api.get().getStatus();
    int ready = status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
    return ready >= want
        ? Conditions.of(
            Conditions.API_READY, true, "ApiAvailable", ready + "/" + want + " API replicas ready")
        : Conditions.of(
            Conditions.API_READY, false, "ApiStarting", ready + "/" + want + " API replicas ready");
  }

  /** How the API authenticates its callers, from {@code spec.api.auth}. */
  static Condition apiAuthentication(AppService app) {
    var auth = app.getSpec().getApi() == null ? null : app.getSpec().getApi().getAuth();
    if (auth == null) {
      return Conditions.of(
          Conditions.API_AUTHENTICATION,
          false,
          "AuthMissing",
          "spec.api.auth is not set (this AppService predates it): the API does not start until"
              + " it names jwt, apiKeys, or anonymous: true.");
    }
    if (auth.anonymous()) {
      return Conditions.of(
          Conditions.API_AUTHENTICATION,
          false,
          "Anonymous",
          "The API serves every caller without authentication (spec.api.auth.anonymous). Set"
              + " spec.api.auth.jwt or spec.api.auth.apiKeys before exposing it.");
    }
    var ways = new ArrayList<String>();
    if (auth.getJwt() != null) {
      ways.add("bearer tokens of " + auth.getJwt().getIssuer());
    }
    if (auth.getApiKeys() != null) {
      ways.add("API keys from Secret " + auth.getApiKeys().getSecretName());
    }
    return Conditions.of(
        Conditions.API_AUTHENTICATION,
        true,
        "Authenticated",
        "The API accepts " + String.join(" and ", ways) + ".");
  }
}
