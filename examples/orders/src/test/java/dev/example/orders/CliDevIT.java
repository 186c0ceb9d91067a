package dev.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed CLI, not the Maven build: the distribution unpacked into a directory of its own,
 * its launcher running {@code appservice dev} with this project's manifest and handler jar, and
 * commands posted over HTTP with the development key it printed.
 */
class CliDevIT {
  private static final Pattern KEY = Pattern.compile("API key\\s+(\\S+)");
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void devRunsTheHandlerFromItsJar(@TempDir Path install) throws Exception {
    Path launcher = unpack(install);
    assertThat(run(launcher, "--version")).contains("appservice 0.1.0-SNAPSHOT");
    assertThat(run(launcher, "dev", "--help")).contains("--handler", "--file", "--version");

    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process dev =
        process(
                launcher,
                "dev",
                "-f",
                Path.of("appservice.yaml").toAbsolutePath().toString(),
                "--handler",
                handlerJar().toString(),
                "--port",
                Integer.toString(port))
            .start();
    var output = new CopyOnWriteArrayList<String>();
    CompletableFuture<String> key = new CompletableFuture<>();
    Thread reader =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try (var lines =
                      new BufferedReader(
                          new InputStreamReader(dev.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                      output.add(line);
                      Matcher m = KEY.matcher(line);
                      if (m.find()) {
                        key.complete(m.group(1));
                      }
                    }
                  } catch (Exception e) {
                    key.completeExceptionally(e);
                  }
                  key.completeExceptionally(new IllegalStateException("dev ended: " + output));
                });
    try {
      String apiKey = key.get(180, TimeUnit.SECONDS);
      String api = "http://localhost:" + port;

      assertThat(post(api, apiKey, "customer.register", "c-1", "{\"name\": \"Ada\"}").statusCode())
          .isEqualTo(200);
      HttpResponse<String> rejected =
          post(api, apiKey, "order.place", "c-404", "{\"orderId\": \"o-1\", \"amount\": 5}");
      assertThat(rejected.statusCode()).isEqualTo(422);
      assertThat(json.readTree(rejected.body()).get("detail").asText())
          .isEqualTo("customer c-404 does not exist");
      HttpResponse<String> placed =
          post(api, apiKey, "order.place", "c-1", "{\"orderId\": \"o-2\", \"amount\": 5}");
      assertThat(placed.statusCode()).isEqualTo(200);
      JsonNode events = json.readTree(placed.body()).get("events");
      assertThat(events.get(0).get("type").asText()).isEqualTo("order.placed");
      HttpResponse<String> customer =
          http.send(
              HttpRequest.newBuilder(URI.create(api + "/v1/entities/customer/c-1"))
                  .header("X-Api-Key", apiKey)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(json.readTree(customer.body()).get("document").get("orders").asInt()).isEqualTo(1);
    } finally {
      // SIGTERM, as Ctrl-C's SIGINT, through the handle: Process.destroy would close the pipes.
      dev.toHandle().destroy();
      assertThat(dev.waitFor(60, TimeUnit.SECONDS)).as("dev stops on SIGTERM").isTrue();
    }
    reader.join(10_000); // it has read the last lines
    assertThat(output).anySatisfy(l -> assertThat(l).contains("Stopped app service 'orders'"));
  }

  private HttpResponse<String> post(
      String api, String apiKey, String type, String subject, String data) throws Exception {
    String body =
        "{\"type\": \"" + type + "\", \"subject\": \"" + subject + "\", \"data\": " + data + "}";
    return http.send(
        HttpRequest.newBuilder(URI.create(api + "/v1/commands"))
            .header("X-Api-Key", apiKey)
            .header("Content-Type", "application/json")
            .header("Prefer", "wait=20")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Unpacks the CLI's distribution as a user would install it; returns its launcher. */
  private static Path unpack(Path install) throws Exception {
    Path dist;
    try (Stream<Path> files = Files.list(Path.of("../../cli/target"))) {
      dist = files.filter(f -> f.toString().endsWith("-dist.tar.gz")).findFirst().orElseThrow();
    }
    Process tar =
        new ProcessBuilder("tar", "xzf", dist.toAbsolutePath().toString(), "-C", install.toString())
            .inheritIO()
            .start();
    assertThat(tar.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(tar.exitValue()).isZero();
    return install.resolve("appservice/bin/appservice");
  }

  private static Path handlerJar() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(f -> f.getFileName().toString().matches("orders-handler-.*(?<!-sources)\\.jar"))
          .findFirst()
          .orElseThrow()
          .toAbsolutePath();
    }
  }

  /** The launcher with this JVM as JAVA_HOME, from a directory that is not the checkout. */
  private static ProcessBuilder process(Path launcher, String... args) {
    var command = new java.util.ArrayList<String>();
    command.add(launcher.toString());
    command.addAll(java.util.List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(launcher.getParent().getParent().toFile())
            .redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    return builder;
  }

  private static String run(Path launcher, String... args) throws Exception {
    Process p = process(launcher, args).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
