package dev.appservice.bench;

import dev.appservice.contract.RuntimeValues;
import dev.appservice.kit.LocalEnv;
import dev.appservice.runtime.api.ApiMain;
import dev.appservice.runtime.config.RuntimeConfig;
import dev.appservice.runtime.worker.WorkerMain;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Command round trip through the API (POST with {@code Prefer: wait} until the worker has committed
 * the command) at several request rates, next to the box's floor measured in the same run: produce
 * to Kafka, consume, one PostgreSQL commit ({@link Floor}). Open-loop: requests start on a fixed
 * schedule and latency counts from the scheduled start, so a stall is not hidden.
 */
public final class ApiBench {
  private static final Duration STEP = Duration.ofSeconds(Integer.getInteger("bench.seconds", 8));
  private static final int CLIENTS = Integer.getInteger("bench.clients", 64);

  public static void main(String[] args) throws Exception {
    try (Infra infra = new Infra()) {
      Floor floor = new Floor(infra);
      String url = infra.newDatabase();
      infra.createTopics(1, "api.commands", "api.events", "api.commands.dlq");
      try (WorkerMain worker = WorkerMain.start(config(infra, url, RuntimeValues.MODE_WORKER));
          ApiMain api = ApiMain.start(config(infra, url, RuntimeValues.MODE_API))) {
        while (!worker.ready() || !api.ready()) {
          Thread.sleep(10);
        }
        Client client = new Client(URI.create("http://localhost:" + api.port()));
        DirectCommands direct = new DirectCommands(infra, url, "api.commands");
        client.closedLoop(8, Duration.ofSeconds(5)); // warm-up
        floor.oneAtATime(Duration.ofSeconds(3));
        double max = client.closedLoop(CLIENTS, STEP);
        Latencies floorIdle = floor.oneAtATime(STEP);
        Latencies directIdle = direct.oneAtATime(STEP);
        Latencies apiIdle = client.oneAtATime(STEP);
        System.out.printf(
            "%nmax throughput (%d concurrent clients): %.0f commands/s%n", CLIENTS, max);
        System.out.printf(
            "%none at a time (no other load):%n  API          %s%n  worker only  %s%n"
                + "  floor        %s%n  API/floor p50 %.2f%n",
            apiIdle, directIdle, floorIdle, apiIdle.p50() / floorIdle.p50());
        System.out.printf(
            "%n%-8s %-36s %-36s %-36s %7s%n",
            "rate/s",
            "API round trip (POST, wait)",
            "worker only (produce, NOTIFY)",
            "floor (produce, consume, commit)",
            "API/fl");
        for (double share : shares()) {
          double rate = Math.max(1, Math.floor(max * share));
          Latencies f = floor.openLoop(rate, STEP);
          Latencies d = direct.openLoop(rate, STEP);
          Latencies a = client.openLoop(rate, STEP);
          System.out.printf(
              "%-8.0f %-36s %-36s %-36s %7.2f%s%n",
              rate,
              a,
              d,
              f,
              a.p50() / f.p50(),
              share == 0.5 ? "  <- half of max (target <= 1.5)" : "");
        }
        direct.close();
      }
      floor.close();
    }
    System.exit(0);
  }

  private static double[] shares() {
    String[] parts = System.getProperty("bench.shares", "0.1,0.25,0.5,0.75").split(",");
    double[] shares = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      shares[i] = Double.parseDouble(parts[i].trim());
    }
    return shares;
  }

  private static RuntimeConfig config(Infra infra, String url, String mode) {
    LocalEnv env =
        mode.equals(RuntimeValues.MODE_API)
            ? LocalEnv.api("api", infra.bootstrap(), 1)
            : LocalEnv.worker("api", infra.bootstrap(), 1, 0);
    return RuntimeConfig.fromEnv(env.database(url).map(), Optional.empty());
  }

  /** HTTP client posting customer commands with {@code Prefer: wait=10}. */
  private static final class Client {
    private final URI uri;
    private final HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final AtomicLong ids = new AtomicLong();

    Client(URI base) {
      this.uri = base.resolve("/v1/commands");
    }

    void post() {
      long n = ids.incrementAndGet();
      String body =
          "{\"type\": \"customer.upsert\", \"subject\": \"c-"
              + (n % 10_000)
              + "\", \"data\": {\"name\": \"Customer "
              + n
              + "\", \"tier\": \"gold\"}}";
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .header("Prefer", "wait=10")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
          throw new IllegalStateException("status " + r.statusCode());
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    /** Commands per second with {@code clients} requests always in flight. */
    double closedLoop(int clients, Duration duration) throws Exception {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong done = new AtomicLong();
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
          pool.execute(
              () -> {
                while (!stop.get()) {
                  post();
                  done.incrementAndGet();
                }
              });
        }
        Thread.sleep(duration.toMillis());
        stop.set(true);
        return done.get() / ((System.nanoTime() - start) / 1e9);
      }
    }

    Latencies openLoop(double rate, Duration duration) throws Exception {
      return Schedule.run(rate, duration, this::post);
    }

    Latencies oneAtATime(Duration duration) {
      return Schedule.oneAtATime(duration, this::post);
    }
  }

  private ApiBench() {}
}
