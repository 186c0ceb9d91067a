package dev.appservice.operator.reconciler;

import dev.appservice.operator.api.cnpg.v1.Cluster;
import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.dependent.ExternalDatabase;
import dev.appservice.operator.model.KafkaTopics;
import dev.appservice.operator.status.Observation;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.HashMap;
import java.util.Optional;

/** Names of the workflow's dependents (also their event sources) and how to read them back. */
final class Parts {

  static final String INPUT_TOPIC = "input-topic";
  static final String OUTPUT_TOPIC = "output-topic";
  static final String DLQ_TOPIC = "dead-letter-topic";
  static final String DATABASE = "database";
  static final String DATABASE_POLICY = "database-network-policy";
  static final String WORKER_USER = "worker-kafka-user";
  static final String API_USER = "api-kafka-user";
  static final String KAFKA_CA = "kafka-ca-secret";
  static final String WORKER_KAFKA_SECRET = "worker-kafka-secret";
  static final String API_KAFKA_SECRET = "api-kafka-secret";
  static final String WORKER_SERVICE = "worker-service";
  static final String WORKER_PDB = "worker-pdb";
  static final String WORKER_POLICY = "worker-network-policy";
  static final String WORKERS = "workers";
  static final String API_SERVICE = "api-service";
  static final String API_POLICY = "api-network-policy";
  static final String API = "api";
  static final String API_INGRESS = "api-ingress";

  private Parts() {}

  static Observation observe(AppService app, Context<AppService> context) {
    var topics = new HashMap<String, KafkaTopic>();
    topic(context, KafkaTopics.input(app)).ifPresent(t -> topics.put(KafkaTopics.INPUT, t));
    topic(context, KafkaTopics.output(app)).ifPresent(t -> topics.put(KafkaTopics.OUTPUT, t));
    topic(context, KafkaTopics.deadLetter(app))
        .ifPresent(t -> topics.put(KafkaTopics.DEAD_LETTER, t));
    boolean cnpg = app.getSpec().getDatabase().usesCloudNativePG();
    return new Observation(
        topics,
        cnpg ? context.getSecondaryResource(Cluster.class, DATABASE) : Optional.empty(),
        !cnpg && ExternalDatabase.secretExists(app, context.getClient()),
        context.getSecondaryResource(StatefulSet.class, WORKERS),
        context.getSecondaryResource(Deployment.class, API));
  }

  /** Every topic event source sees all topics of this AppService: pick the one by its ID. */
  private static Optional<KafkaTopic> topic(Context<AppService> context, KafkaTopic desired) {
    var id = ResourceID.fromResource(desired);
    return context
        .getSecondaryResourcesAsStream(KafkaTopic.class)
        .filter(t -> ResourceID.fromResource(t).equals(id))
        .findFirst();
  }
}
