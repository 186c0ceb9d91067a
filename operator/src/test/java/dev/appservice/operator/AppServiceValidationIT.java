package dev.appservice.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.fixtures.AppServices;
import dev.appservice.operator.fixtures.Json;
import dev.appservice.operator.fixtures.TestCrds;
import dev.appservice.operator.testing.TestCluster;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The API server itself rejects bad AppServices, naming the field, before the operator runs. */
class AppServiceValidationIT {

  @RegisterExtension static final TestCluster cluster = new TestCluster();
  private static final AtomicInteger SEQ = new AtomicInteger();

  @BeforeAll
  static void crds() {
    TestCrds.install(cluster.client());
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        mistake("zero partitions", j -> j.set("spec.partitions", 0), "spec.partitions"),
        mistake("no partitions", j -> j.set("spec.partitions", null), "spec.partitions"),
        mistake("absurd partitions", j -> j.set("spec.partitions", 5000), "spec.partitions"),
        mistake("partitions as text", j -> j.set("spec.partitions", "three"), "spec.partitions"),
        mistake(
            "topic with a space",
            j -> j.set("spec.input.topic", "orders commands"),
            "spec.input.topic"),
        mistake("topic '..'", j -> j.set("spec.input.topic", ".."), "spec.input.topic"),
        mistake(
            "topic too long",
            j -> j.set("spec.output.topic", "t".repeat(250)),
            "spec.output.topic"),
        mistake("no input topic", j -> j.set("spec.input.topic", null), "spec.input.topic"),
        mistake(
            "same input and output topic",
            j -> j.set("spec.output.topic", "x.commands"),
            "output.topic must differ"),
        mistake("zero topic replicas", j -> j.set("spec.input.replicas", 0), "spec.input.replicas"),
        mistake(
            "zero output partitions",
            j -> j.set("spec.output.partitions", 0),
            "spec.output.partitions"),
        mistake(
            "two database modes",
            j -> j.set("spec.database.external", Map.of("secretRef", Map.of("name", "db"))),
            "spec.database"),
        mistake(
            "no database mode", j -> j.set("spec.database.cloudNativePG", null), "spec.database"),
        mistake(
            "storage not a quantity",
            j -> j.set("spec.database.cloudNativePG.storage", "lots"),
            "spec.database.cloudNativePG.storage"),
        mistake(
            "worker cpu not a quantity",
            j -> j.set("spec.worker.resources", Map.of("limits", Map.of("cpu", "lots"))),
            "spec.worker.resources.limits"),
        mistake(
            "api memory request not a quantity",
            j -> j.set("spec.api.resources", Map.of("requests", Map.of("memory", "1 GB"))),
            "spec.api.resources.requests"),
        mistake(
            "zero database instances",
            j -> j.set("spec.database.cloudNativePG.instances", 0),
            "spec.database.cloudNativePG.instances"),
        mistake(
            "too many database instances",
            j -> j.set("spec.database.cloudNativePG.instances", 10),
            "spec.database.cloudNativePG.instances"),
        mistake(
            "external Secret without name",
            j ->
                j.set("spec.database.cloudNativePG", null)
                    .set("spec.database.external", Map.of("secretRef", Map.of())),
            "spec.database.external.secretRef.name"),
        mistake("no Kafka cluster", j -> j.set("spec.kafka.cluster", null), "spec.kafka.cluster"),
        mistake(
            "Kafka cluster not a DNS label",
            j -> j.set("spec.kafka.cluster", "My_Cluster"),
            "spec.kafka.cluster"),
        mistake(
            "Kafka namespace not a DNS label",
            j -> j.set("spec.kafka.namespace", "Kafka"),
            "spec.kafka.namespace"),
        mistake(
            "unknown authentication",
            j -> j.set("spec.kafka.authentication", "plain"),
            "spec.kafka.authentication"),
        mistake(
            "bootstrap without port",
            j -> j.set("spec.kafka.bootstrapServers", "kafka"),
            "spec.kafka.bootstrapServers"),
        mistake("privileged API port", j -> j.set("spec.api.port", 80), "spec.api.port"),
        mistake("API on the management port", j -> j.set("spec.api.port", 9090), "spec.api.port"),
        mistake("negative API replicas", j -> j.set("spec.api.replicas", -1), "spec.api.replicas"),
        mistake(
            "CORS origin with a path",
            j -> j.set("spec.api.corsAllowedOrigins", List.of("https://ui.example.com/app")),
            "spec.api.corsAllowedOrigins"),
        mistake(
            "CORS star among origins",
            j -> j.set("spec.api.corsAllowedOrigins", List.of("*", "https://ui.example.com")),
            "spec.api.corsAllowedOrigins"),
        mistake(
            "Ingress without host",
            j -> j.set("spec.api.ingress", Map.of("className", "nginx")),
            "spec.api.ingress.host"),
        mistake("no worker image", j -> j.set("spec.worker.image", null), "spec.worker.image"),
        mistake(
            "env overrides the contract",
            j -> j.set("spec.worker.env", List.of(Map.of("name", "PARTITION", "value", "0"))),
            "spec.worker.env"),
        mistake(
            "unknown deletion policy",
            j -> j.set("spec.deletionPolicy", "Destroy"),
            "spec.deletionPolicy"),
        mistake(
            "retention without a unit",
            j -> j.set("spec.worker.commandRetention", "7"),
            "spec.worker.commandRetention"),
        mistake(
            "retention as words",
            j -> j.set("spec.worker.commandRetention", "7 days"),
            "spec.worker.commandRetention"),
        mistake(
            "env sets the retention",
            j ->
                j.set(
                    "spec.worker.env", List.of(Map.of("name", "COMMAND_RETENTION", "value", "1d"))),
            "spec.worker.env"),
        mistake(
            "zero batch size",
            j -> j.set("spec.worker.batchMaxRecords", 0),
            "spec.worker.batchMaxRecords"),
        mistake("no API section", j -> j.set("spec.api", null), "spec.api"),
        mistake("no API auth", j -> j.set("spec.api.auth", null), "spec.api.auth"),
        mistake("empty API auth", j -> j.set("spec.api.auth", Map.of()), "auth needs jwt"),
        mistake(
            "anonymous false alone",
            j -> j.set("spec.api.auth", Map.of("anonymous", false)),
            "auth needs jwt"),
        mistake(
            "anonymous with keys",
            j -> j.set("spec.api.auth.anonymous", true),
            "cannot be combined with jwt or apiKeys"),
        mistake(
            "token issuer over plain http",
            j ->
                j.set(
                    "spec.api.auth.jwt",
                    Map.of("issuer", "http://login.example.com/realms/shop", "audience", "shop")),
            "spec.api.auth.jwt.issuer"),
        mistake(
            "token issuer without audience",
            j -> j.set("spec.api.auth.jwt", Map.of("issuer", "https://login.example.com")),
            "spec.api.auth.jwt.audience"),
        mistake(
            "API keys without a Secret",
            j -> j.set("spec.api.auth.apiKeys", Map.of()),
            "spec.api.auth.apiKeys.secretName"),
        mistake(
            "env sets the API's authentication",
            j ->
                j.set(
                    "spec.worker.env",
                    List.of(Map.of("name", "API_AUTH_ANONYMOUS", "value", "true"))),
            "spec.worker.env"),
        mistake(
            "name too long for its children",
            j -> j.set("metadata.name", "x".repeat(41)),
            "metadata.name"),
        mistake(
            "name with a dot (not a DNS label)",
            j -> j.set("metadata.name", "orders.v2"),
            "metadata.name must be a DNS label"),
        mistake(
            "Kafka's own offsets topic",
            j -> j.set("spec.input.topic", "__consumer_offsets"),
            "internal topic"),
        mistake(
            "a Strimzi internal topic",
            j -> j.set("spec.output.topic", "strimzi.cruisecontrol.metrics"),
            "internal topic"),
        mistake(
            "Ingress TLS Secret not a name",
            j ->
                j.set(
                    "spec.api.ingress",
                    Map.of("host", "x.example.com", "tlsSecretName", "Not_A_Name")),
            "spec.api.ingress.tlsSecretName"),
        mistake(
            "API peers: an empty list",
            j -> j.set("spec.api.allowedFrom", List.of()),
            "spec.api.allowedFrom"),
        mistake(
            "API peer: an ipBlock with a selector",
            j ->
                j.set(
                    "spec.api.allowedFrom",
                    List.of(
                        Map.of(
                            "ipBlock", Map.of("cidr", "10.0.0.0/8"),
                            "podSelector", Map.of()))),
            "each peer is an ipBlock"),
        mistake(
            "API peer: an ipBlock without a CIDR",
            j -> j.set("spec.api.allowedFrom", List.of(Map.of("ipBlock", Map.of()))),
            "ipBlock.cidr is required"));
  }

  private static Arguments mistake(String what, UnaryOperator<Json> change, String field) {
    return Arguments.of(what, change, field);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void rejectsWithAMessageNamingTheField(String what, UnaryOperator<Json> change, String field) {
    var json = change.apply(Json.of(valid("x")));
    assertThatThrownBy(() -> create(json))
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining(field);
  }

  @Test
  void acceptsTheFixture() {
    create(Json.of(valid("ok")));
  }

  @Test
  void acceptsEachWayToAuthenticate() {
    create(
        Json.of(valid("tokens"))
            .set("spec.api.auth.apiKeys", null)
            .set(
                "spec.api.auth.jwt",
                Map.of("issuer", "https://login.example.com/realms/shop", "audience", "shop")));
    create(
        Json.of(valid("both"))
            .set(
                "spec.api.auth.jwt",
                Map.of(
                    "issuer", "https://login.example.com",
                    "audience", "shop",
                    "jwksUri", "https://login.example.com/keys",
                    "scopesClaim", "scp")));
    create(Json.of(valid("open")).set("spec.api.auth", Map.of("anonymous", true)));
  }

  @Test
  void acceptsRetentionsWithAUnitAndZeroForForever() {
    create(Json.of(valid("keep-12h")).set("spec.worker.commandRetention", "12h"));
    create(Json.of(valid("keep-forever")).set("spec.worker.commandRetention", "0"));
  }

  @Test
  void theDatabaseModeCannotChange() {
    var app = cluster.client().resource(valid("moving")).create();
    var external = new dev.appservice.operator.api.v1alpha1.ExternalDatabaseSpec();
    external.setSecretRef(new dev.appservice.operator.api.v1alpha1.SecretReference("db"));
    app.getSpec().getDatabase().setCloudNativePG(null);
    app.getSpec().getDatabase().setExternal(external);
    assertThatThrownBy(() -> cluster.client().resource(app).update())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("the mode (cloudNativePG or external) cannot change");
  }

  @Test
  void partitionsCannotDecrease() {
    var app = cluster.client().resource(valid("shrink")).create();
    app.getSpec().setPartitions(2);
    assertThatThrownBy(() -> cluster.client().resource(app).update())
        .hasMessageContaining("spec.partitions")
        .hasMessageContaining("partitions cannot decrease");
    app.getSpec().setPartitions(4);
    assertThat(cluster.client().resource(app).update().getSpec().getPartitions()).isEqualTo(4);
  }

  @Test
  void outputPartitionsCannotDecrease() {
    var app = valid("shrinkout");
    app.getSpec().getOutput().setPartitions(6);
    var created = cluster.client().resource(app).create();
    created.getSpec().getOutput().setPartitions(5);
    assertThatThrownBy(() -> cluster.client().resource(created).update())
        .hasMessageContaining("spec.output.partitions");
  }

  @Test
  void outputPartitionsCannotBeRemovedOnceSet() {
    var app = valid("unsetout");
    app.getSpec().getOutput().setPartitions(6);
    var created = cluster.client().resource(app).create();
    created.getSpec().getOutput().setPartitions(null);
    assertThatThrownBy(() -> cluster.client().resource(created).update())
        .hasMessageContaining("spec.output")
        .hasMessageContaining("output.partitions cannot be removed");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("immutableFields")
  void whatBindsTheAppToItsTopicsCannotChange(
      String what, Consumer<AppService> change, String field) {
    var created = cluster.client().resource(valid("bound-" + SEQ.incrementAndGet())).create();
    change.accept(created);
    assertThatThrownBy(() -> cluster.client().resource(created).update())
        .hasMessageContaining(field)
        .hasMessageContaining("cannot be changed");
  }

  static Stream<Arguments> immutableFields() {
    return Stream.of(
        Arguments.of(
            "input topic renamed",
            (Consumer<AppService>) a -> a.getSpec().getInput().setTopic("other.commands"),
            "spec.input.topic"),
        Arguments.of(
            "output topic renamed",
            (Consumer<AppService>) a -> a.getSpec().getOutput().setTopic("other.events"),
            "spec.output.topic"),
        Arguments.of(
            "kafka cluster changed",
            (Consumer<AppService>) a -> a.getSpec().getKafka().setCluster("other-cluster"),
            "spec.kafka.cluster"),
        Arguments.of(
            "kafka namespace set",
            (Consumer<AppService>) a -> a.getSpec().getKafka().setNamespace("elsewhere"),
            "spec.kafka"));
  }

  @Test
  void kubectlScaleMapsToPartitionsAndCannotScaleDown() throws Exception {
    cluster.client().resource(valid("scaled")).create();
    assertThat(kubectl("scale", "appservice/scaled", "--replicas=5").exit()).isZero();
    assertThat(get("scaled").getSpec().getPartitions()).isEqualTo(5);

    var down = kubectl("scale", "appservice/scaled", "--replicas=2");
    assertThat(down.exit()).isNotZero();
    assertThat(down.output()).contains("partitions cannot decrease");
    assertThat(get("scaled").getSpec().getPartitions()).isEqualTo(5);
  }

  @Test
  void shortNameAndPrinterColumnsWork() throws Exception {
    cluster.client().resource(valid("listed")).create();
    var out = kubectl("get", "appsvc", "listed");
    assertThat(out.exit()).isZero();
    assertThat(out.output()).contains("PARTITIONS", "READY WORKERS", "READY", "AGE");
  }

  private AppService get(String name) {
    return cluster.client().resources(AppService.class).withName(name).get();
  }

  private static AppService valid(String name) {
    var app = AppServices.inNamespace(AppServices.minimal(name), cluster.namespace());
    return app;
  }

  private static void create(Json json) {
    var resource = json.toResource();
    resource.getMetadata().setNamespace(cluster.namespace());
    if (resource.getMetadata().getName().length() <= 40) {
      resource
          .getMetadata()
          .setName(resource.getMetadata().getName() + "-" + SEQ.incrementAndGet());
    }
    cluster.client().resource(resource).create();
  }

  record Result(int exit, String output) {}

  private static Result kubectl(String... args) throws Exception {
    var kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
    Files.writeString(kubeconfig, cluster.server().kubeConfigYaml());
    var command =
        new java.util.ArrayList<String>(
            List.of(
                dev.appservice.operator.fixtures.Kubectl.binary().toString(),
                "--kubeconfig",
                kubeconfig.toString(),
                "-n",
                cluster.namespace()));
    command.addAll(List.of(args));
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes());
    return new Result(process.waitFor(), output);
  }
}
