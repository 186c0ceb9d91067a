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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Command round trip through the API (POST with {@code Prefer: wait} until the worker has committed
 * the command) at several request rates, next to the worker-only path of the same command ({@link
 * DirectCommands}: produced straight to Kafka, done at the worker's commit notification, no HTTP)
 * and the box's floor ({@link Floor}: produce, consume, one PostgreSQL commit), all measured in the
 * same run at the same rates. The target compares the API with the worker-only path at half of the
 * maximum throughput; the floor is shown for information. Open-loop: requests start on a fixed
 * schedule and latency counts from the scheduled start, so a stall is not hidden. Prints the
 * verdict and a plot (api-bench.png).
 */
public final class ApiBench {
  private static final Duration STEP = Duration.ofSeconds(Integer.getInteger("bench.seconds", 8));
  private static final int CLIENTS = Integer.getInteger("bench.clients", 64);
  private static final double HALF = 0.5;
  private static final Target TARGET =
      Target.atMostTimes("API p50 at half max / worker-only p50", 1.5);

  /** One offered rate: the three paths measured back to back. */
  private record Step(double share, double rate, Latencies api, Latencies direct, Latencies floor) {
    double ratio() {
      return api.p50() / direct.p50();
    }

    boolean halfOfMax() {
      return share == HALF;
    }
  }

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
                + "  floor        %s%n  API / worker only p50 %.2fx, API / floor p50 %.2fx%n",
            apiIdle,
            directIdle,
            floorIdle,
            apiIdle.p50() / directIdle.p50(),
            apiIdle.p50() / floorIdle.p50());
        System.out.printf(
            "%n%-8s %-36s %-36s %-36s %7s%n",
            "rate/s",
            "API round trip (POST, wait)",
            "worker only (produce, NOTIFY)",
            "floor (produce, consume, commit)",
            "API/wo");
        List<Step> steps = new ArrayList<>();
        for (double share : shares()) {
          double rate = Math.max(1, Math.floor(max * share));
          Latencies f = floor.openLoop(rate, STEP);
          Latencies d = direct.openLoop(rate, STEP);
          Latencies a = client.openLoop(rate, STEP);
          Step step = new Step(share, rate, a, d, f);
          steps.add(step);
          System.out.printf(
              "%-8.0f %-36s %-36s %-36s %7.2f%s%n",
              rate, a, d, f, step.ratio(), step.halfOfMax() ? "  <- half of max" : "");
        }
        direct.close();
        verdict(steps);
        plot(steps);
      }
      floor.close();
    }
    System.exit(0);
  }

  /** The target at the half-of-max steps, with each one's figures path by path. */
  private static void verdict(List<Step> steps) {
    List<Step> half = steps.stream().filter(Step::halfOfMax).toList();
    System.out.println();
    if (half.isEmpty()) {
      System.out.println("no step at half of max (bench.shares without 0.5): no verdict");
      return;
    }
    System.out.println(TARGET.verdict(half.stream().mapToDouble(Step::ratio).toArray()));
    for (Step s : half) {
      System.out.printf(
          "  at %.0f/s:%n    API          %s%n    worker only  %s%n    floor        %s%n"
              + "    p50 added: worker over floor %+.2f ms, API over worker only %+.2f ms%n",
          s.rate(),
          s.api(),
          s.direct(),
          s.floor(),
          s.direct().p50() - s.floor().p50(),
          s.api().p50() - s.direct().p50());
    }
  }

  private static void plot(List<Step> steps) throws Exception {
    List<Step> half = steps.stream().filter(Step::halfOfMax).toList();
    Plots.latencies(
        "api-bench.png",
        "Command round trip",
        steps.stream().mapToDouble(Step::rate).toArray(),
        List.of(
            curve("API (POST, wait)", steps, Step::api),
            curve("worker only (produce, NOTIFY)", steps, Step::direct)),
        new Plots.Points(
            "target at half of max: API p50 <= " + TARGET.threshold() + "x worker only p50",
            half.stream().mapToDouble(Step::rate).toArray(),
            half.stream().mapToDouble(s -> TARGET.threshold() * s.direct().p50()).toArray()));
  }

  private static Plots.Curve curve(String name, List<Step> steps, Function<Step, Latencies> path) {
    return new Plots.Curve(
        name,
        steps.stream().mapToDouble(s -> path.apply(s).p50()).toArray(),
        steps.stream().mapToDouble(s -> path.apply(s).p99()).toArray());
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
