package dev.appservice.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.fixtures.AppServiceCases;
import dev.appservice.operator.fixtures.AppServices;
import dev.appservice.operator.fixtures.Json;
import dev.appservice.operator.fixtures.TestCrds;
import dev.appservice.operator.testing.TestCluster;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.util.List;
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
    return AppServiceCases.mistakes().stream()
        .map(m -> Arguments.of(m.what(), m.change(), m.field()));
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.appservice.operator.fixtures.AppServiceCases#accepted")
  void accepts(AppServiceCases.Variant variant) {
    create(variant.change().apply(Json.of(valid("ok"))));
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
