package dev.appservice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RenderTest {

  private static List<JsonNode> render(String... args) throws Exception {
    var bytes = new ByteArrayOutputStream();
    var command = new CommandLine(new Render(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    assertThat(command.execute(args)).isZero();
    var documents = new ArrayList<JsonNode>();
    try (var values =
        new ObjectMapper(new YAMLFactory())
            .readerFor(JsonNode.class)
            .readValues(bytes.toString(StandardCharsets.UTF_8))) {
      while (values.hasNext()) {
        documents.add((JsonNode) values.next());
      }
    }
    return documents;
  }

  @Test
  void theExampleRendersEveryObjectTheOperatorMakes() throws Exception {
    var objects = render("-f", "../examples/customers.yaml", "-n", "shop");
    assertThat(objects)
        .extracting(o -> o.path("kind").asText() + "/" + o.at("/metadata/name").asText())
        .containsExactly(
            "KafkaTopic/shop.customers.input",
            "KafkaTopic/shop.customers.output",
            "KafkaTopic/shop.customers.dlq",
            "KafkaUser/shop.customers.worker",
            "KafkaUser/shop.customers.api",
            "Cluster/customers-db",
            "NetworkPolicy/customers-db",
            "Service/customers-worker",
            "PodDisruptionBudget/customers-worker",
            "NetworkPolicy/customers-worker",
            "StatefulSet/customers-worker",
            "Service/customers-api",
            "NetworkPolicy/customers-api",
            "Deployment/customers-api",
            "Ingress/customers-api");
    var workers = objects.get(10);
    assertThat(workers.at("/metadata/namespace").asText()).isEqualTo("shop");
    assertThat(workers.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(objects.get(0).at("/metadata/namespace").asText()).isEqualTo("kafka");
    assertThat(objects.get(0).at("/spec/topicName").asText()).isEqualTo("shop.customers.commands");
  }

  @Test
  void jsonIsOneListAndSeveralFilesRenderTogether() throws Exception {
    var bytes = new ByteArrayOutputStream();
    var command = new CommandLine(new Render(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    assertThat(
            command.execute(
                "-f",
                "../examples/customers.yaml",
                "-f",
                "../examples/customers-external-db.yaml",
                "-o",
                "json"))
        .isZero();
    JsonNode list = new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8));
    assertThat(list.path("kind").asText()).isEqualTo("List");
    // The external database has no Cluster of ours, nor the KafkaUsers of an unauthenticated app.
    assertThat(list.path("items").size()).isEqualTo(15 + 10);
  }

  @Test
  void aManifestWithoutAnAppServiceIsAnErrorInOneLine(@TempDir Path dir) throws Exception {
    Path secret =
        Files.writeString(
            dir.resolve("secret.yaml"), "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n");
    var err = new StringWriter();
    var command = AppServiceCli.commandLine();
    command.setErr(new PrintWriter(err));
    assertThat(command.execute("render", "-f", secret.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("holds no AppService").doesNotContain("Exception");
    assertThat(command.execute("render", "-f", dir.resolve("absent.yaml").toString())).isEqualTo(1);
  }
}
