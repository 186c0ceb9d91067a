package dev.appservice.runtime.api.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Requests, latencies, waits and streams, as Prometheus sees them on the management port. */
public final class ApiMetrics {
  private final MeterRegistry registry;
  private final Counter produced;
  private final Counter connectionsRefused;
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger streams = new AtomicInteger();

  public ApiMetrics(MeterRegistry registry, Supplier<Number> inFlight) {
    this.registry = registry;
    this.produced =
        Counter.builder("appservice_api_commands_produced")
            .description("Commands produced to the input topic")
            .register(registry);
    this.connectionsRefused =
        Counter.builder("appservice_api_database_connections_refused")
            .description(
                "Connections PostgreSQL refused with too many clients (max_connections reached)")
            .register(registry);
    Gauge.builder("appservice_api_waiting_requests", waiting, AtomicInteger::get)
        .description("Requests blocked until their command is fulfilled")
        .register(registry);
    Gauge.builder("appservice_api_commands_in_flight", inFlight, s -> s.get().doubleValue())
        .description("Commands produced by this process and not yet fulfilled")
        .register(registry);
    Gauge.builder("appservice_api_event_streams", streams, AtomicInteger::get)
        .description("Open Server-Sent Events streams")
        .register(registry);
  }

  void request(String method, String route, int status, long nanos) {
    Timer.builder("appservice_api_requests")
        .description("HTTP requests by route and status")
        .tag("method", method)
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .publishPercentileHistogram()
        .register(registry)
        .record(Duration.ofNanos(nanos));
  }

  public void produced() {
    produced.increment();
  }

  public void connectionRefused() {
    connectionsRefused.increment();
  }

  void waitStarted() {
    waiting.incrementAndGet();
  }

  /**
   * @param outcome {@code fulfilled}, {@code timeout} or {@code error}
   */
  void waitEnded(String outcome, long nanos) {
    waiting.decrementAndGet();
    Timer.builder("appservice_api_wait")
        .description("Time POST requests waited for fulfilment")
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .register(registry)
        .record(Duration.ofNanos(nanos));
  }

  void streamOpened() {
    streams.incrementAndGet();
  }

  void streamClosed() {
    streams.decrementAndGet();
  }
}
