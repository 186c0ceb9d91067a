package dev.appservice.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.appservice.contract.RuntimeValues;
import dev.appservice.runtime.api.http.RequestBody;
import dev.appservice.runtime.support.TestApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of malformed and hostile requests: every one gets a 4xx, never a 5xx, and nothing is
 * produced to the input topic.
 */
class HostileInputIT {
  private static TestApi api;

  /** The API's body limit at the default record limit. */
  private static final int MAX_BODY =
      RequestBody.forRecords(RuntimeValues.DEFAULT_MAX_RECORD_BYTES).maxBytes();

  @BeforeAll
  static void start() throws Exception {
    api = TestApi.start("hostile", 1);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void badInputGetsAClientErrorAndNothingIsProduced() throws Exception {
    long before = api.inputRecords();
    List<Case> cases = new ArrayList<>();
    badBodies().forEach(b -> cases.add(post(b, "application/json")));
    badCloudEvents().forEach(b -> cases.add(post(b, "application/cloudevents+json")));
    badMediaTypes().forEach(t -> cases.add(post(valid(), t)));
    badWaits().forEach(w -> cases.add(post(valid(), "application/json", "Prefer", w)));
    badPaths().forEach(p -> cases.add(get(p)));
    wrongMethods().forEach((m, p) -> cases.add(method(m, p)));
    cases.add(huge(2 * 1024 * 1024, true));
    cases.add(huge(2 * 1024 * 1024, false));
    cases.add(huge(MAX_BODY + 1, false));
    cases.add(get("/v1/events", "Last-Event-ID", "0-1.x"));
    cases.add(get("/v1/events", "Last-Event-ID", "9".repeat(5000)));
    cases.add(get("/v1/events?from=yesterday"));
    cases.add(get("/v1/events?lastEventId=-1"));
    cases.add(get("/v1/entities/customer", "X-Big", "x".repeat(20_000)));

    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    for (Case c : cases) {
      int status = c.send();
      statuses.merge(status, 1, Integer::sum);
      if (status < 400 || status >= 500) {
        wrong.add(status + " for " + c.name);
      }
    }
    for (String raw : rawRequests()) {
      int status = raw(raw);
      statuses.merge(status, 1, Integer::sum);
      if (status < 400 || status >= 500) {
        wrong.add(status + " for raw " + raw.lines().findFirst().orElse(""));
      }
    }

    System.out.println("hostile requests by status: " + statuses);
    assertThat(wrong).as("statuses %s", statuses).isEmpty();
    assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(200);
    assertThat(api.inputRecords()).isEqualTo(before);
    assertThat(api.get("/v1/entities/customer/c-1").statusCode()).isEqualTo(404);
  }

  /**
   * The one exception, below the API: Jetty's HTTP/1 parser answers a request line whose protocol
   * is not HTTP/1.x with 505 (RFC 9110) before any handler runs. Pinned so a change is noticed.
   */
  @Test
  void aForeignProtocolVersionIsRefusedByTheHttpParser() throws Exception {
    assertThat(raw("GET /v1/entities/customer HTTP/9.9\r\nHost: x\r\n\r\n")).isEqualTo(505);
  }

  /**
   * The body limit leaves room for a command's attributes; the record the command becomes is held
   * to the record limit itself. Over it: 413 and nothing produced. Just under it: the command goes
   * through the input topic, the worker and the output topic, whose limits agree.
   */
  @Test
  void aCommandIsHeldToTheRecordLimitAndOneJustUnderItGoesThrough() throws Exception {
    int limit = RuntimeValues.DEFAULT_MAX_RECORD_BYTES;
    long before = api.inputRecords();
    HttpResponse<String> over =
        api.post(
            "/v1/commands",
            "{\"type\": \"customer.upsert\", \"subject\": \"big\", \"data\": {\"s\": \""
                + "x".repeat(limit)
                + "\"}}");

    assertThat(over.body().length()).isLessThan(MAX_BODY);
    assertThat(over.statusCode()).isEqualTo(413);
    assertThat(over.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(over.body())
        .contains(
            "the command would be a record of", "more than the input topic accepts (" + limit);
    assertThat(api.inputRecords()).isEqualTo(before);

    HttpResponse<String> under =
        api.post(
            "/v1/commands",
            "{\"id\": \"near-limit\", \"type\": \"customer.upsert\", \"subject\": \"big\","
                + " \"data\": {\"s\": \""
                + "x".repeat(limit - 4096)
                + "\"}}",
            "Prefer",
            "wait=20");
    assertThat(under.statusCode()).as(under.body()).isEqualTo(200);
    assertThat(api.get("/v1/entities/customer/big").body()).hasSizeGreaterThan(limit - 4096);
  }

  @Test
  void problemsNameTheOffendingField() throws Exception {
    HttpResponse<String> response =
        api.post("/v1/commands", "{\"type\": \"customer.upsert\", \"subject\": 7, \"data\": {}}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(response.body())
        .contains("\"status\":400", "\"field\":\"/subject\"", "\"title\":\"Invalid request\"");
  }

  @Test
  void everyClientErrorIsAProblemDocument() throws Exception {
    List<Case> cases =
        List.of(
            get("/nope"),
            get("/v1/entities/customer?limit=0"),
            get("/v1/entities/customer/missing"),
            method("DELETE /v1/commands", "/v1/commands"),
            post(valid(), "text/plain"),
            post("{", "application/json"),
            huge(MAX_BODY + 1, false));
    for (Case c : cases) {
      HttpResponse<String> r = c.exchange();
      assertThat(r.headers().firstValue("Content-Type"))
          .as(c.name())
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      assertThat(r.body()).as(c.name()).contains("\"status\":" + r.statusCode(), "\"title\":");
    }
  }

  private static String valid() {
    return "{\"type\": \"customer.upsert\", \"subject\": \"c-1\", \"data\": {\"a\": 1}}";
  }

  private static List<String> badBodies() {
    List<String> bodies =
        new ArrayList<>(
            List.of(
                "",
                " ",
                "{",
                "}",
                "[]",
                "null",
                "42",
                "\"text\"",
                "true",
                "{\"type\": }",
                "{'type': 'customer.upsert'}",
                "{\"type\": \"customer.upsert\",}",
                "{\"type\": \"customer.upsert\" \"subject\": \"c\"}",
                "{\"type\": \"customer.upsert\", \"subject\": \"c\", \"data\": {}} trailing",
                "{\"type\": \"customer.upsert\", \"subject\": \"c\", \"data\": {}}{}",
                "{\"type\": \"a.upsert\", \"type\": \"b.upsert\", \"subject\": \"c\", \"data\": {}}",
                "\u0000\u0001\u0002",
                "<xml/>",
                "{\"type\": \"customer.upsert\", \"subject\": \"c\", \"data\": "
                    + "[".repeat(5000)
                    + "]".repeat(5000)
                    + "}",
                "{\"type\": \"customer.upsert\", \"subject\": \"c\", \"data\": {\"s\": \"\\u0000\"}}",
                "{\"type\": \"customer.upsert\", \"subject\": \"c\", \"data\": {\"s\": \"\\x\"}}"));
    // Wrong types for every field.
    for (String field : List.of("id", "type", "subject")) {
      for (String value : List.of("1", "true", "[]", "{}", "1.5", "[\"a\"]", "{\"a\": 1}")) {
        bodies.add(withField(field, value));
      }
    }
    // Missing or empty required parts.
    bodies.add("{\"subject\": \"c\", \"data\": {}}");
    bodies.add("{\"type\": null, \"subject\": \"c\", \"data\": {}}");
    bodies.add("{\"type\": \"customer.upsert\", \"data\": {}}");
    bodies.add("{\"type\": \"customer.upsert\", \"subject\": \"c\"}");
    bodies.add("{\"type\": \"customer.upsert\", \"subject\": \"c\", \"data\": null}");
    bodies.add("{\"type\": \"customer.patch\", \"subject\": \"c\"}");
    bodies.add("{\"type\": \"customer.delete\"}");
    for (String data : List.of("1", "\"x\"", "[]", "[{}]", "true")) {
      bodies.add("{\"type\": \"customer.upsert\", \"subject\": \"c\", \"data\": " + data + "}");
      bodies.add("{\"type\": \"customer.patch\", \"subject\": \"c\", \"data\": " + data + "}");
    }
    bodies.add("{\"type\": \"customer.upsert\", \"data\": {\"id\": \"\"}}");
    bodies.add("{\"type\": \"customer.upsert\", \"data\": {\"id\": {}}}");
    // Types the document handler would dead-letter.
    for (String type :
        List.of(
            "customer",
            "customer.",
            ".upsert",
            "customer.create",
            "customer.UPSERT",
            "customer.upsert.now",
            "customer.upserted",
            "cust omer.upsert",
            "customer/x.upsert",
            "..upsert",
            "a..b.upsert",
            "x".repeat(300) + ".upsert",
            "upsert")) {
      bodies.add("{\"type\": \"" + type + "\", \"subject\": \"c\", \"data\": {}}");
    }
    // Bad ids and subjects.
    for (String id :
        List.of(
            "",
            " ",
            " lead",
            "trail ",
            "tab\\there",
            "nl\\nhere",
            "nul\\u0000",
            "bell\\u0007",
            "\\ud800",
            "x".repeat(257))) {
      bodies.add(withField("id", "\"" + id + "\""));
      bodies.add(withField("subject", "\"" + id + "\""));
    }
    // Unknown fields in the plain form.
    for (String field : List.of("source", "specVersion", "Type", "extra", "data_base64", "")) {
      bodies.add(
          "{\"type\": \"customer.upsert\", \"subject\": \"c\", \"data\": {}, \""
              + field
              + "\": \"x\"}");
    }
    return bodies;
  }

  private static String withField(String field, String value) {
    Map<String, String> fields = new TreeMap<>();
    fields.put("type", "\"customer.upsert\"");
    fields.put("subject", "\"c\"");
    fields.put("data", "{}");
    fields.put(field, value);
    StringBuilder b = new StringBuilder("{");
    fields.forEach(
        (k, v) ->
            b.append(b.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v));
    return b.append('}').toString();
  }

  private static List<String> badCloudEvents() {
    String base =
        "\"id\": \"e\", \"source\": \"/s\", \"type\": \"customer.upsert\", \"subject\": \"c\"";
    return List.of(
        "{" + base + ", \"data\": {}}",
        "{\"specversion\": \"0.3\", " + base + ", \"data\": {}}",
        "{\"specversion\": 1.0, " + base + ", \"data\": {}}",
        "{\"specversion\": \"2.0\", " + base + ", \"data\": {}}",
        "{\"specversion\": \"1.0\", " + base + ", \"data\": {}, \"data_base64\": \"e30=\"}",
        "{\"specversion\": \"1.0\", " + base + ", \"data_base64\": \"%%%\"}",
        "{\"specversion\": \"1.0\", " + base + ", \"data_base64\": 5}",
        "{\"specversion\": \"1.0\", " + base + ", \"data_base64\": \"e30=\"}",
        "{\"specversion\": \"1.0\", " + base + ", \"data\": {}, \"time\": \"yesterday\"}",
        "{\"specversion\": \"1.0\", " + base + ", \"data\": {}, \"time\": 5}",
        "{\"specversion\": \"1.0\", \"id\": \"e\", \"source\": \"http://[::\", \"type\":"
            + " \"customer.upsert\", \"subject\": \"c\", \"data\": {}}",
        "{\"specversion\": \"1.0\", " + base + ", \"data\": {}, \"dataschema\": \"a b\"}",
        "{\"specversion\": \"1.0\", " + base + ", \"data\": {}, \"Upper\": \"x\"}",
        "{\"specversion\": \"1.0\", " + base + ", \"data\": {}, \"with-dash\": \"x\"}",
        "{\"specversion\": \"1.0\", " + base + ", \"data\": {}, \"nested\": {\"a\": 1}}",
        "{\"specversion\": \"1.0\", " + base + ", \"data\": {}, \"list\": [1]}",
        "{\"specversion\": \"1.0\", " + base + ", \"data\": {}, \"big\": 1e400}",
        "{\"specversion\": \"1.0\", "
            + base
            + ", \"data\": {},"
            + " \"waytoolongextensionname\": \"x\"}",
        "{\"specversion\": \"1.0\", "
            + base
            + ", \"datacontenttype\": \"text/plain\","
            + " \"data\": {}}",
        "{\"specversion\": \"1.0\", \"id\": \"e\", \"source\": \"/s\", \"type\":"
            + " \"customer.nope\", \"subject\": \"c\", \"data\": {}}",
        "{\"specversion\": \"1.0\", \"id\": \"e\", \"source\": \"/s\", \"subject\": \"c\","
            + " \"data\": {}}",
        "[{\"specversion\": \"1.0\", " + base + ", \"data\": {}}]");
  }

  private static List<String> badMediaTypes() {
    return List.of(
        "text/plain",
        "application/xml",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/cloudevents-batch+json",
        "application/octet-stream",
        "json",
        "*/*");
  }

  private static List<String> badWaits() {
    return List.of("wait=abc", "wait=-1", "wait=1.5", "wait=", "wait=99999999999", "wait=1e3");
  }

  private static List<String> badPaths() {
    List<String> paths =
        new ArrayList<>(
            List.of(
                "/",
                "/v1",
                "/v2/commands",
                "/v1/commands",
                "/v1/command/x",
                "/v1/commands/x/y",
                "/v1/commands/unknown-command",
                "/v1/commands/" + "x".repeat(300),
                "/v1/commands/%00",
                "/v1/commands/a%0Ab",
                "/v1/commands/%20",
                "/admin",
                "/metrics",
                "/health/live",
                "/v1/entities",
                "/v1/entities/customer/missing",
                "/v1/entities/cust%20omer",
                "/v1/entities/a%00b",
                "/v1/entities/" + "e".repeat(300),
                "/v1/entities/customer/%00",
                "/v1/entities/customer/" + "i".repeat(300),
                "/v1/entities/customer/x/y",
                "/v1/entities/..%2F..%2Fetc",
                "/openapi.yaml",
                "/index.html",
                "/.env"));
    for (String query :
        List.of(
            "limit=0",
            "limit=-1",
            "limit=abc",
            "limit=501",
            "limit=99999999999",
            "limit=1.5",
            "limit=",
            "limit=1&limit=2",
            "after=!!!",
            "after=%00",
            "after=AA",
            "after=" + "A".repeat(2000),
            "offset=10",
            "sort=id",
            "limit=10&debug=true")) {
      paths.add("/v1/entities/customer?" + query);
    }
    return paths;
  }

  private static Map<String, String> wrongMethods() {
    Map<String, String> m = new TreeMap<>();
    m.put("PUT /v1/commands", "/v1/commands");
    m.put("DELETE /v1/commands", "/v1/commands");
    m.put("PATCH /v1/commands", "/v1/commands");
    m.put("GET /v1/commands", "/v1/commands");
    m.put("DELETE /v1/commands/x", "/v1/commands/x");
    m.put("PUT /v1/commands/x", "/v1/commands/x");
    m.put("POST /v1/commands/x", "/v1/commands/x");
    m.put("POST /v1/entities/customer", "/v1/entities/customer");
    m.put("PUT /v1/entities/customer/c", "/v1/entities/customer/c");
    m.put("DELETE /v1/entities/customer/c", "/v1/entities/customer/c");
    m.put("POST /v1/events", "/v1/events");
    m.put("POST /openapi.json", "/openapi.json");
    m.put("FOO /v1/commands", "/v1/commands");
    m.put("TRACE /v1/commands", "/v1/commands");
    return m;
  }

  private static List<String> rawRequests() {
    return List.of(
        "GET /v1/entities/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
        "CONNECT /v1/commands HTTP/1.1\r\nHost: x\r\n\r\n",
        "BREW /v1/commands HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /v1/commands/%C0%AF HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /v1/commands HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: 5000\r\n\r\n{\"type\"",
        "POST /v1/commands HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: abc\r\n\r\n{}",
        "POST /v1/commands HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        "GET /v1/entities/customer HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
        "POST /v1/commands HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: 15\r\n\r\n{\"type\": \"a\" ,");
  }

  private record Case(String name, Supplier<HttpRequest.Builder> request) {
    /**
     * One connection per case: the server may close a connection after refusing a request (a body
     * over the limit), and a pooled client could send the next case into that closing connection.
     */
    int send() throws Exception {
      return exchange().statusCode();
    }

    HttpResponse<String> exchange() throws Exception {
      try (HttpClient client = HttpClient.newHttpClient()) {
        return client.send(
            request.get().timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new AssertionError("no HTTP response for " + name, e);
      }
    }
  }

  private static Case post(String body, String contentType, String... headers) {
    return new Case(
        "POST " + contentType + " " + abbreviate(body) + " " + String.join(" ", headers),
        () -> {
          HttpRequest.Builder b =
              HttpRequest.newBuilder(api.uri("/v1/commands"))
                  .header("Content-Type", contentType)
                  .POST(BodyPublishers.ofString(body));
          return headers.length > 0 ? b.headers(headers) : b;
        });
  }

  private static Case get(String path, String... headers) {
    return new Case(
        "GET " + abbreviate(path),
        () -> {
          HttpRequest.Builder b = HttpRequest.newBuilder(api.uri(path)).GET();
          return headers.length > 0 ? b.headers(headers) : b;
        });
  }

  private static Case method(String name, String path) {
    String method = name.substring(0, name.indexOf(' '));
    return new Case(
        name,
        () ->
            HttpRequest.newBuilder(api.uri(path))
                .header("Content-Type", "application/json")
                .method(method, BodyPublishers.ofString(valid())));
  }

  private static Case huge(int bytes, boolean chunked) {
    String body =
        "{\"type\": \"customer.upsert\", \"subject\": \"c\", \"data\": {\"s\": \""
            + "x".repeat(bytes)
            + "\"}}";
    byte[] raw = body.getBytes(StandardCharsets.UTF_8);
    return new Case(
        "huge body " + bytes + (chunked ? " chunked" : ""),
        () ->
            HttpRequest.newBuilder(api.uri("/v1/commands"))
                .header("Content-Type", "application/json")
                .POST(
                    chunked
                        ? BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(raw))
                        : BodyPublishers.ofByteArray(raw)));
  }

  private static int raw(String request) throws Exception {
    try (Socket socket = new Socket("localhost", api.uri("/").getPort())) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      socket.shutdownOutput(); // a truncated body ends here instead of waiting for more
      InputStream in = socket.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
      return Integer.parseInt(status.substring(9, 12));
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
