package dev.appservice.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.appservice.operator.model.NetworkAccess;
import dev.appservice.operator.model.TopicNamePolicy;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ManagementServerTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesPrometheusMetricsAndProbes() throws Exception {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.counter("operator.sdk.events.received").increment();
    var healthy = new AtomicBoolean(true);
    try (var server = new ManagementServer(0, registry, healthy::get)) {
      assertThat(get(server, "/metrics").body()).contains("operator_sdk_events_received_total");
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
      healthy.set(false);
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(503);
    }
  }

  @Test
  void configComesFromTheEnvironment() {
    var config =
        OperatorConfig.fromEnv(
            Map.of(
                "WATCH_NAMESPACES", "shop, billing,", "POD_NAMESPACE", "ops", "POD_NAME", "op-0"));
    assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("shop", "billing");
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaseNamespace()).isEqualTo("ops");
    assertThat(config.identity()).isEqualTo("op-0");
    assertThat(OperatorConfig.fromEnv(Map.of()).watchNamespaces()).isEmpty();
    assertThat(OperatorConfig.fromEnv(Map.of()).kafkaNamespaces()).isEmpty();
    assertThat(OperatorConfig.fromEnv(Map.of()).networkAccess()).isEqualTo(NetworkAccess.OPEN);
    assertThat(
            OperatorConfig.fromEnv(
                    Map.of(
                        "CLOUDNATIVEPG_NAMESPACE", "cnpg-system",
                        "METRICS_NAMESPACES", "monitoring,observability"))
                .networkAccess())
        .isEqualTo(
            new NetworkAccess(Optional.of("cnpg-system"), Set.of("monitoring", "observability")));
    assertThat(
            OperatorConfig.fromEnv(
                    Map.of(
                        "SECRET_WRITER_CLUSTER_ROLE", "ops-op-secret-writer",
                        "SERVICE_ACCOUNT", "op",
                        "POD_NAMESPACE", "ops"))
                .secretWriteGrant()
                .howToAllow("shop"))
        .contains(
            "kubectl create rolebinding ops-op-secret-writer --namespace shop --clusterrole"
                + " ops-op-secret-writer --serviceaccount ops:op");
    assertThat(
            OperatorConfig.fromEnv(Map.of("SECRET_WRITER_CLUSTER_ROLE", " "))
                .secretWriteGrant()
                .howToAllow("shop"))
        .contains("a Role in shop granting create, patch and delete on secrets");
    assertThat(OperatorConfig.fromEnv(Map.of()).topicNames())
        .isEqualTo(TopicNamePolicy.NAMESPACE_PREFIX);
    assertThat(OperatorConfig.fromEnv(Map.of("TOPIC_NAME_PREFIX", "")).topicNames())
        .isEqualTo(TopicNamePolicy.ANY);
    assertThat(
            OperatorConfig.fromEnv(Map.of("TOPIC_NAME_PREFIX", "team-{namespace}-")).topicNames())
        .isEqualTo(new TopicNamePolicy("team-{namespace}-"));
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("TOPIC_NAME_PREFIX", "{team}.")))
        .hasMessageContaining("TOPIC_NAME_PREFIX");
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("CLOUDNATIVEPG_NAMESPACE", "a,b")))
        .hasMessageContaining("names one namespace");
    assertThat(
            OperatorConfig.fromEnv(Map.of("KAFKA_NAMESPACES", "kafka,kafka-b")).kafkaNamespaces())
        .containsExactlyInAnyOrder("kafka", "kafka-b");
    for (String bad : List.of("Kafka", "kafka_b", "-kafka")) {
      assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("KAFKA_NAMESPACES", "ok," + bad)))
          .hasMessageContaining("KAFKA_NAMESPACES")
          .hasMessageContaining(bad);
      assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("WATCH_NAMESPACES", bad)))
          .hasMessageContaining("WATCH_NAMESPACES");
    }
    assertThat(OperatorConfig.fromEnv(Map.of()).resyncInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(OperatorConfig.fromEnv(Map.of("RESYNC_INTERVAL_SECONDS", "60")).resyncInterval())
        .isEqualTo(Duration.ofMinutes(1));
    for (String bad : List.of("5", "abc", "100000")) {
      assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("RESYNC_INTERVAL_SECONDS", bad)))
          .hasMessageContaining("RESYNC_INTERVAL_SECONDS must be a number of seconds");
    }
  }

  private HttpResponse<String> get(ManagementServer server, String path) throws Exception {
    var uri = URI.create("http://localhost:" + server.port() + path);
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}
