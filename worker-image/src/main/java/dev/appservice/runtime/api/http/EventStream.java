package dev.appservice.runtime.api.http;

import dev.appservice.runtime.api.auth.Scopes;
import dev.appservice.runtime.api.problem.Problem;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.javalin.http.Context;
import io.javalin.http.sse.Emitter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code GET /v1/events}: the output topic as Server-Sent Events. Each stream reads the topic with
 * its own consumer (assigned, no group) on its own virtual thread, so a slow browser only slows
 * itself. Streams start at the end of the topic, at the beginning with {@code from=earliest}, or
 * exactly after the event named by {@code Last-Event-ID} (header, or {@code lastEventId} query
 * parameter for a first connection). The first message, {@code event: ready}, already carries an
 * id, so a client that reconnects before any event arrives still resumes without a gap.
 */
public final class EventStream {
  private static final Duration POLL = Duration.ofMillis(500);

  /**
   * A comment on a quiet stream keeps proxies from closing it, and is how a stream whose client
   * went away finds out (the write fails) and gives its slot back: within two of these.
   */
  private static final Duration HEARTBEAT = Duration.ofSeconds(5);

  private static final byte[] READY = "{}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NULL = "null".getBytes(StandardCharsets.UTF_8);

  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private final String topic;
  private final Semaphore streams;
  private final ApiMetrics metrics;
  private final JsonFormat format = new JsonFormat();
  private volatile boolean running = true;

  public EventStream(
      Supplier<Consumer<byte[], byte[]>> consumers,
      String topic,
      int maxStreams,
      ApiMetrics metrics) {
    this.consumers = consumers;
    this.topic = topic;
    this.streams = new Semaphore(maxStreams);
    this.metrics = metrics;
  }

  /** Validates everything before the response is committed, so bad input still gets a 4xx. */
  void handle(Context ctx) throws IOException {
    Authentication.caller(ctx).require(Scopes.EVENTS_READ);
    Optional<StreamCursor> resume =
        Optional.ofNullable(ctx.header("Last-Event-ID"))
            .filter(s -> !s.isBlank())
            .map(s -> StreamCursor.parse("Last-Event-ID", s.strip()))
            .or(
                () ->
                    Optional.ofNullable(ctx.queryParam("lastEventId"))
                        .map(s -> StreamCursor.parse("lastEventId", s)));
    String from = Optional.ofNullable(ctx.queryParam("from")).orElse("latest");
    if (!from.equals("latest") && !from.equals("earliest")) {
      throw Problem.badRequest("from", "from must be 'latest' or 'earliest'");
    }
    if (!streams.tryAcquire()) {
      throw new Problem(503, "too-many-streams", "Too many event streams", "try again later", null);
    }
    metrics.streamOpened();
    try (Consumer<byte[], byte[]> consumer = consumers.get()) {
      StreamCursor cursor = position(consumer, resume, from.equals("earliest"));
      ctx.status(200);
      ctx.res().setContentType("text/event-stream;charset=utf-8");
      ctx.res().setHeader("Cache-Control", "no-cache");
      ctx.res().setHeader("X-Accel-Buffering", "no");
      stream(consumer, cursor, ctx);
    } catch (IOException clientGone) {
      // The browser closed the stream; it will come back with Last-Event-ID.
    } finally {
      streams.release();
      metrics.streamClosed();
    }
  }

  private StreamCursor position(
      Consumer<byte[], byte[]> consumer, Optional<StreamCursor> resume, boolean earliest) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    if (partitions.isEmpty()) {
      throw Problem.unavailable("the output topic " + topic + " does not exist yet");
    }
    consumer.assign(partitions);
    Map<Integer, Long> next = new HashMap<>();
    for (TopicPartition tp : partitions) {
      Long offset = resume.map(c -> c.next().get(tp.partition())).orElse(null);
      if (offset != null) {
        consumer.seek(tp, offset);
      } else if (resume.isPresent() || earliest) {
        // A partition the client never saw (added since) is read from its beginning: no gap.
        consumer.seekToBeginning(List.of(tp));
      } else {
        consumer.seekToEnd(List.of(tp));
      }
      next.put(tp.partition(), consumer.position(tp));
    }
    return new StreamCursor(next);
  }

  /**
   * Frames with Javalin's SSE emitter, which writes a payload line by line as {@code data:} fields
   * (a client joins them with newlines again), so data holding LF, CR or CRLF cannot split or end
   * an event, and strips line breaks from the id.
   */
  private void stream(Consumer<byte[], byte[]> consumer, StreamCursor cursor, Context ctx)
      throws IOException {
    // The emitter has no retry field; it belongs to the first message's block.
    OutputStream out = ctx.res().getOutputStream();
    out.write("retry: 1000\n".getBytes(StandardCharsets.UTF_8));
    Emitter emitter = new Emitter(ctx.res());
    emitter.emit("ready", new ByteArrayInputStream(READY), cursor.toString());
    long quietSince = System.nanoTime();
    try (CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
      while (running && !emitter.getClosed()) {
        boolean sent = false;
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          cursor = cursor.advanced(r.partition(), r.offset());
          emitter.emit(null, new ByteArrayInputStream(data(deserializer, r)), cursor.toString());
          sent = true;
        }
        if (sent) {
          quietSince = System.nanoTime();
        } else if (System.nanoTime() - quietSince > HEARTBEAT.toNanos()) {
          emitter.emit("keep-alive");
          quietSince = System.nanoTime();
        }
      }
    }
  }

  /** The event as structured CloudEvents JSON; a record that is not a CloudEvent as null. */
  private byte[] data(CloudEventDeserializer deserializer, ConsumerRecord<byte[], byte[]> r) {
    try {
      CloudEvent event = deserializer.deserialize(r.topic(), r.headers(), r.value());
      return format.serialize(event);
    } catch (RuntimeException e) {
      return NULL;
    }
  }

  public void close() {
    running = false;
  }
}
