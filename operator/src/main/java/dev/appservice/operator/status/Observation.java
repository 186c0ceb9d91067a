package dev.appservice.operator.status;

import dev.appservice.operator.api.cnpg.v1.Cluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.Map;
import java.util.Optional;

/**
 * What the operator saw of the parts of one AppService in this reconcile.
 *
 * @param topics KafkaTopic by role (input, output, dlq); a missing role was not created yet
 * @param cluster the CloudNativePG cluster, if the AppService uses one and it exists
 * @param externalSecretFound whether the external database Secret exists (external mode only)
 */
public record Observation(
    Map<String, KafkaTopic> topics,
    Optional<Cluster> cluster,
    boolean externalSecretFound,
    Optional<StatefulSet> workers,
    Optional<Deployment> api) {}
