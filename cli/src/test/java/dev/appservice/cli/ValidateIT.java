package dev.appservice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.appservice.cli.validate.CrdValidator;
import dev.appservice.cli.validate.Problem;
import dev.appservice.operator.fixtures.AppServiceCases;
import dev.appservice.operator.fixtures.AppServices;
import dev.appservice.operator.fixtures.Json;
import dev.appservice.operator.fixtures.TestCrds;
import dev.appservice.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code appservice validate} gives the real API server's verdict, offline: on every case of the
 * API server's validation tests (the same cases, {@link AppServiceCases}) both refuse, naming the
 * same field, or both accept; and every example is accepted by both.
 */
class ValidateIT {

  @RegisterExtension static final TestCluster cluster = new TestCluster();
  private static final CrdValidator validator = Validate.appServices();

  @BeforeAll
  static void crds() {
    TestCrds.install(cluster.client());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.appservice.operator.fixtures.AppServiceCases#mistakes")
  void refusesWhatTheApiServerRefusesNamingTheSameField(AppServiceCases.Mistake mistake) {
    JsonNode app = mistake.change().apply(Json.of(minimal())).toJsonNode();

    Optional<String> server = serverRefusal(app);
    List<Problem> offline = validator.validate(app);

    assertThat(server).as("the API server's verdict").isPresent();
    assertThat(server.get()).contains(mistake.field());
    assertThat(offline)
        .as("validate's verdict (the API server said: %s)", server.get())
        .isNotEmpty();
    assertThat(offline.toString())
        .as("validate names the field (the API server said: %s)", server.get())
        .contains(mistake.field());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.appservice.operator.fixtures.AppServiceCases#accepted")
  void acceptsWhatTheApiServerAccepts(AppServiceCases.Variant variant) {
    JsonNode app = variant.change().apply(Json.of(minimal())).toJsonNode();

    assertThat(serverRefusal(app)).as("the API server's verdict").isEmpty();
    assertThat(validator.validate(app)).as("validate's verdict").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyExampleIsValidForBoth(Path example) throws Exception {
    for (JsonNode app : appServices(example)) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) app.path("metadata"))
          .put("namespace", cluster.namespace());
      assertThat(serverRefusal(app)).as("the API server's verdict").isEmpty();
      assertThat(validator.validate(app)).as("validate's verdict").isEmpty();
    }
  }

  @Test
  void anUnknownFieldIsAnErrorAsWithKubectl() {
    JsonNode app = Json.of(minimal()).set("spec.partitons", 3).toJsonNode();
    assertThat(validator.validate(app))
        .extracting(Problem::toString)
        .contains("spec.partitons: unknown field");
  }

  @Test
  void theVerbChecksSeveralFilesAndDirectoriesAndFailsOnAnyError(@TempDir Path dir)
      throws Exception {
    Path bad = dir.resolve("manifests/bad.yaml");
    Files.createDirectories(bad.getParent());
    Files.writeString(
        bad,
        Files.readString(Path.of("../examples/customers.yaml"))
            .replace("partitions: 3", "partitions: 0"));
    Files.writeString(dir.resolve("manifests/secret.yaml"), "apiVersion: v1\nkind: Secret\n");

    var good =
        run(
            "validate",
            "-f",
            "../examples/customers.yaml",
            "-f",
            "../examples/orders/appservice.yaml");
    assertThat(good.exit()).as(good.output()).isZero();
    assertThat(good.output()).contains("customers: valid", "orders: valid", "2 valid, 0 invalid");

    var mixed =
        run(
            "validate",
            "-f",
            "../examples/customers.yaml",
            "-f",
            dir.resolve("manifests").toString());
    assertThat(mixed.exit()).as(mixed.output()).isEqualTo(1);
    assertThat(mixed.output())
        .contains("bad.yaml: AppService customers: spec.partitions:")
        .contains("1 valid, 1 invalid")
        .doesNotContain("secret.yaml");

    Path notYaml = dir.resolve("broken.yaml");
    Files.writeString(notYaml, "kind: AppService\nspec: [unclosed\n");
    var broken = run("validate", "-f", notYaml.toString());
    assertThat(broken.exit()).isEqualTo(1);
    assertThat(broken.output()).contains("broken.yaml: not YAML or JSON").contains("line");
  }

  static Stream<Path> examples() throws Exception {
    try (Stream<Path> files = Files.walk(Path.of("../examples"), 2)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml") && !f.toString().contains("/src/"))
          .sorted()
          .toList()
          .stream();
    }
  }

  private static List<JsonNode> appServices(Path manifest) throws Exception {
    List<JsonNode> found = Manifests.documents(manifest, "AppService");
    assertThat(found).as(manifest + " holds an AppService").isNotEmpty();
    return found;
  }

  private static dev.appservice.operator.api.v1alpha1.AppService minimal() {
    return AppServices.inNamespace(AppServices.minimal("x"), cluster.namespace());
  }

  /**
   * Why the API server refuses to create {@code app} (a server-side dry run); empty if accepted.
   */
  private static Optional<String> serverRefusal(JsonNode app) {
    var resource = new ObjectMapper().convertValue(app, GenericKubernetesResource.class);
    try {
      cluster.client().resource(resource).dryRun().create();
      return Optional.empty();
    } catch (KubernetesClientException e) {
      assertThat(e.getCode()).as(e.getMessage()).isEqualTo(422);
      return Optional.of(e.getMessage());
    }
  }

  record Result(int exit, String output) {}

  private static Result run(String... args) {
    var bytes = new ByteArrayOutputStream();
    var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    var command = AppServiceCli.commandLine();
    command.setOut(new java.io.PrintWriter(out, true));
    command.setErr(new java.io.PrintWriter(out, true));
    CommandLine validate = command.getSubcommands().get("validate");
    ((Validate) validate.getCommand()).out = out;
    int exit = command.execute(args);
    return new Result(exit, bytes.toString(StandardCharsets.UTF_8));
  }
}
