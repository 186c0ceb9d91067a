package dev.appservice.runtime.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A minimal Server-Sent Events client: what a browser's EventSource does, minus reconnecting. */
public final class SseReader implements AutoCloseable {
  /** One dispatched event; {@code event} is {@code message} unless the server named it. */
  public record Event(String id, String event, String data) {}

  private final HttpResponse<InputStream> response;
  private final BufferedReader reader;

  public SseReader(HttpClient http, URI uri, String lastEventId) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
  }

  public int status() {
    return response.statusCode();
  }

  public String contentType() {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  /** Blocks for the next event (comments and retry lines are skipped). */
  public Event next() throws IOException {
    String id = null;
    String event = "message";
    List<String> data = new ArrayList<>();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.isEmpty()) {
        if (!data.isEmpty()) {
          return new Event(id, event, String.join("\n", data));
        }
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1).stripLeading();
      switch (field) {
        case "id" -> id = value;
        case "event" -> event = value;
        case "data" -> data.add(value);
        default -> {}
      }
    }
    throw new IOException("stream ended");
  }

  public List<Event> next(int count) throws IOException {
    List<Event> events = new ArrayList<>();
    while (events.size() < count) {
      events.add(next());
    }
    return events;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
