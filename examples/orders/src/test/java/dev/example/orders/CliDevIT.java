package dev.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * commands posted over HTTP with the development key it printed; then started again on the same
 * data directory, and once more with {@code --fresh}.
 */
class CliDevIT {
  private static final Pattern KEY = Pattern.compile("API key\\s+(\\S+)");
  private static final Pattern API = Pattern.compile("HTTP API\\s+(http://\\S+)");
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  /** A running {@code appservice dev}: its process, the lines it printed, its API and key. */
  private record Dev(Process process, List<String> output, Thread reader, String api, String key) {}

  @Test
  void devRunsTheHandlerFromItsJarAndKeepsItsData(@TempDir Path install, @TempDir Path data)
      throws Exception {
    Path launcher = unpack(install);
    assertThat(run(launcher, "--version")).contains("appservice 0.1.0-SNAPSHOT");
    assertThat(run(launcher, "dev", "--help")).contains("--handler", "--data-dir", "--fresh");
    assertThat(
            run(launcher, "validate", "-f", Path.of("appservice.yaml").toAbsolutePath().toString()))
        .contains("AppService orders: valid");

    Dev first = start(launcher, data);
    try {
      assertThat(post(first, "customer.register", "c-1", "{\"name\": \"Ada\"}").statusCode())
          .isEqualTo(200);
      HttpResponse<String> rejected =
          post(first, "order.place", "c-404", "{\"orderId\": \"o-1\", \"amount\": 5}");
      assertThat(rejected.statusCode()).isEqualTo(422);
      assertThat(json.readTree(rejected.body()).get("detail").asText())
          .isEqualTo("customer c-404 does not exist");
      HttpResponse<String> placed =
          post(first, "order.place", "c-1", "{\"orderId\": \"o-2\", \"amount\": 5}");
      assertThat(placed.statusCode()).isEqualTo(200);
      JsonNode events = json.readTree(placed.body()).get("events");
      assertThat(events.get(0).get("type").asText()).isEqualTo("order.placed");
      assertThat(get(first, "/v1/entities/customer/c-1").get("document").get("orders").asInt())
          .isEqualTo(1);
    } finally {
      stop(first);
    }
    assertThat(first.output()).anySatisfy(l -> assertThat(l).contains("PostgreSQL (first run"));

    // Started again on the same data directory: the data is there, and it goes on from it.
    Dev second = start(launcher, data);
    try {
      assertThat(second.output()).anySatisfy(l -> assertThat(l).contains("kept from the last run"));
      assertThat(get(second, "/v1/entities/order/o-2").get("document").get("customerId").asText())
          .isEqualTo("c-1");
      assertThat(
              post(second, "order.place", "c-1", "{\"orderId\": \"o-3\", \"amount\": 7}")
                  .statusCode())
          .isEqualTo(200);
      assertThat(get(second, "/v1/entities/customer/c-1").get("document").get("orders").asInt())
          .isEqualTo(2);
      // The handler's own table (its migrations ran once, on the first start) kept both runs'
      // orders, and its published query serves them.
      assertThat(get(second, "/v1/queries/orders-of-customer?customer=c-1").get("items"))
          .extracting(o -> o.get("order_id").asText())
          .containsExactly("o-2", "o-3");
    } finally {
      stop(second);
    }

    // --fresh starts empty.
    Dev fresh = start(launcher, data, "--fresh");
    try {
      assertThat(status(fresh, "/v1/entities/customer/c-1")).isEqualTo(404);
    } finally {
      stop(fresh);
    }
  }

  private Dev start(Path launcher, Path data, String... more) throws Exception {
    var args =
        new java.util.ArrayList<>(
            List.of(
                "dev",
                "-f",
                Path.of("appservice.yaml").toAbsolutePath().toString(),
                "--handler",
                handlerJar().toString(),
                "--data-dir",
                data.toString(),
                // Any free port: the one it took is printed (a port picked here could be taken
                // by the embedded engines before the API binds it).
                "--port",
                "0"));
    args.addAll(List.of(more));
    Process dev = process(launcher, args.toArray(String[]::new)).start();
    var output = new CopyOnWriteArrayList<String>();
    CompletableFuture<String> key = new CompletableFuture<>();
    CompletableFuture<String> api = new CompletableFuture<>();
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
                      Matcher a = API.matcher(line);
                      if (a.find()) {
                        api.complete(a.group(1));
                      }
                    }
                  } catch (Exception e) {
                    key.completeExceptionally(e);
                  }
                  key.completeExceptionally(new IllegalStateException("dev ended: " + output));
                });
    try {
      String apiKey = key.get(180, TimeUnit.SECONDS);
      return new Dev(dev, output, reader, api.get(5, TimeUnit.SECONDS), apiKey);
    } catch (Exception e) {
      dev.toHandle().destroyForcibly();
      throw e;
    }
  }

  /** SIGTERM, as Ctrl-C's SIGINT, through the handle: Process.destroy would close the pipes. */
  private static void stop(Dev dev) throws Exception {
    dev.process().toHandle().destroy();
    assertThat(dev.process().waitFor(60, TimeUnit.SECONDS)).as("dev stops on SIGTERM").isTrue();
    dev.reader().join(10_000); // it has read the last lines
    assertThat(dev.output())
        .anySatisfy(l -> assertThat(l).contains("Stopped app service 'orders'"));
  }

  private JsonNode get(Dev dev, String path) throws Exception {
    HttpResponse<String> answer = send(dev, path);
    assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
    return json.readTree(answer.body());
  }

  private int status(Dev dev, String path) throws Exception {
    return send(dev, path).statusCode();
  }

  private HttpResponse<String> send(Dev dev, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(dev.api() + path)).header("X-Api-Key", dev.key()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(Dev dev, String type, String subject, String data)
      throws Exception {
    String body =
        "{\"type\": \"" + type + "\", \"subject\": \"" + subject + "\", \"data\": " + data + "}";
    return http.send(
        HttpRequest.newBuilder(URI.create(dev.api() + "/v1/commands"))
            .header("X-Api-Key", dev.key())
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
