package dev.appservice.bench;

import dev.appservice.contract.RuntimeEnv;
import dev.appservice.contract.RuntimeValues;
import dev.appservice.kit.LocalEnv;
import dev.appservice.runtime.config.RuntimeConfig;
import dev.appservice.runtime.worker.WorkerMain;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak: the API in a JVM of its own with a 256 MiB heap, two workers, for {@code bench.seconds}
 * (180 by default): {@code bench.clients} clients posting commands with waits at a steady rate
 * ({@code bench.rate} per second in all), one in 50 near the record limit, one in 50 over it, one
 * in 50 malformed; four SSE readers, two of them slow. Per 10 s window: accepted commands/s,
 * latency p50/p99/max, 503s, other statuses, and the API's heap after GC (from its GC log). Then
 * the audit: every accepted command recorded once and done, every partition drained, no 5xx but 503
 * with Retry-After, no OutOfMemoryError.
 */
public final class SoakBench {
  private static final int SECONDS = Integer.getInteger("bench.seconds", 180);
  private static final int CLIENTS = Integer.getInteger("bench.clients", 32);
  private static final double RATE = Double.parseDouble(System.getProperty("bench.rate", "400"));
  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final String APP = "soak";

  private record Window(
      Latencies latencies, AtomicLong accepted, AtomicLong unavailable, AtomicLong refused) {
    Window() {
      this(new Latencies(200_000), new AtomicLong(), new AtomicLong(), new AtomicLong());
    }
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(System.getProperty("bench.out", "target"));
    Files.createDirectories(out);
    Path gcLog = out.resolve("soak-api-gc.log");
    Files.deleteIfExists(gcLog);
    try (Infra infra = new Infra()) {
      String url = infra.newDatabase();
      infra.createTopics(2, APP + ".commands", APP + ".events", APP + ".commands.dlq");
      List<WorkerMain> workers = new ArrayList<>();
      for (int p = 0; p < 2; p++) {
        workers.add(
            WorkerMain.start(
                RuntimeConfig.fromEnv(
                    LocalEnv.worker(APP, infra.bootstrap(), 2, p).database(url).map(),
                    Optional.empty())));
      }
      int port = freePort();
      int management = freePort();
      Map<String, String> env =
          LocalEnv.api(APP, infra.bootstrap(), 2)
              .database(url)
              .httpPort(port)
              .with(RuntimeEnv.MANAGEMENT_PORT, Integer.toString(management))
              .map();
      Process api = startApi(env, gcLog, out.resolve("soak-api.log"));
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(Executors.newVirtualThreadPerTaskExecutor())
              .build();
      URI base = URI.create("http://localhost:" + port);
      awaitReady(http, URI.create("http://localhost:" + management + "/health/ready"), workers);

      Set<String> accepted = ConcurrentHashMap.newKeySet();
      Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
      List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
      List<Window> windows = new ArrayList<>();
      for (int w = 0; w <= SECONDS / WINDOW.toSeconds(); w++) {
        windows.add(new Window());
      }
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong streamEvents = new AtomicLong();
      long start = System.nanoTime();
      String near = "x".repeat(RuntimeValues.DEFAULT_MAX_RECORD_BYTES - 16 * 1024);
      String over = "x".repeat(RuntimeValues.DEFAULT_MAX_RECORD_BYTES);
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int r = 0; r < 4; r++) {
          boolean slow = r >= 2;
          threads.submit(() -> read(http, base, slow, running, streamEvents));
        }
        long interval = (long) (1e9 * CLIENTS / RATE);
        for (int c = 0; c < CLIENTS; c++) {
          int client = c;
          threads.submit(
              () -> {
                long next = System.nanoTime() + (long) (Math.random() * interval);
                for (int i = 0; running.get(); i++) {
                  long wait = next - System.nanoTime();
                  if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                  }
                  next += interval;
                  String id = "s-" + client + "-" + i;
                  String body =
                      switch (i % 50) {
                        case 7 -> command(id, i, "{\"s\": \"" + near + "\"}");
                        case 13 -> command(id, i, "{\"s\": \"" + over + "\"}");
                        case 21 -> "{\"type\": \"thing.upsert\", \"subject\": ";
                        default -> command(id, i, "{\"n\": " + i + "}");
                      };
                  long sent = System.nanoTime();
                  Window window = windows.get((int) ((sent - start) / WINDOW.toNanos()));
                  int status;
                  HttpResponse<String> response;
                  try {
                    response =
                        http.send(
                            HttpRequest.newBuilder(base.resolve("/v1/commands"))
                                .header("Content-Type", "application/json")
                                .header("Prefer", "wait=10")
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    status = response.statusCode();
                  } catch (Exception e) {
                    wrong.add("no answer for " + id + ": " + e);
                    continue;
                  }
                  statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                  if (status == 200 || status == 202) {
                    accepted.add(id);
                    window.accepted().incrementAndGet();
                    window.latencies().add(System.nanoTime() - sent);
                  } else if (status == 503) {
                    window.unavailable().incrementAndGet();
                    if (response.headers().firstValue("Retry-After").isEmpty()) {
                      wrong.add("503 without Retry-After");
                    }
                  } else if (status == 400 || status == 413) {
                    window.refused().incrementAndGet();
                  } else {
                    wrong.add(status + " for " + id + ": " + response.body());
                  }
                }
                return null;
              });
        }
        Thread.sleep(SECONDS * 1000L);
        running.set(false);
        threads.shutdown();
        threads.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
        threads.shutdownNow();
      }
      boolean alive = api.isAlive();
      Map<Integer, Double> heap = heapAfterGc(gcLog);
      System.out.printf(
          "%nsoak: API heap 256 MiB, %d clients at %.0f commands/s, %d s%n",
          CLIENTS, RATE, SECONDS);
      System.out.printf(
          "%-8s %10s %10s %10s %10s %6s %8s %14s%n",
          "window", "accepted/s", "p50 ms", "p99 ms", "max ms", "503", "400/413", "heap after GC");
      for (int w = 0; w < windows.size() - 1; w++) {
        Window win = windows.get(w);
        System.out.printf(
            "%3d-%-4d %10.0f %10.1f %10.1f %10.1f %6d %8d %11s MiB%n",
            w * WINDOW.toSeconds(),
            (w + 1) * WINDOW.toSeconds(),
            win.accepted().get() / (double) WINDOW.toSeconds(),
            win.latencies().p50(),
            win.latencies().p99(),
            win.latencies().percentile(1.0),
            win.unavailable().get(),
            win.refused().get(),
            heap.containsKey(w) ? String.format("%.0f", heap.get(w)) : "-");
      }
      // The audit.
      long drained = new SoakAudit(infra, url, APP).awaitDrained();
      Map<String, Long> recorded = new SoakAudit(infra, url, APP).outputEventsByCommand();
      long missing = accepted.stream().filter(id -> !recorded.containsKey(id)).count();
      long doubled = recorded.values().stream().filter(n -> n != 1).count();
      boolean oom = Files.readString(out.resolve("soak-api.log")).contains("OutOfMemoryError");
      System.out.printf(
          "%naudit: %d accepted, %d with output events (%d missing, %d with more than one),"
              + " partitions drained:"
              + " %s, statuses %s, wrong answers %d, SSE events read %d, API alive %s, OOM %s%n",
          accepted.size(),
          recorded.size(),
          missing,
          doubled,
          drained == 0 ? "yes" : drained + " records behind",
          new java.util.TreeMap<>(statuses),
          wrong.size(),
          streamEvents.get(),
          alive,
          oom);
      wrong.stream().limit(5).forEach(w -> System.out.println("  " + w));
      boolean pass =
          missing == 0 && doubled == 0 && drained == 0 && wrong.isEmpty() && alive && !oom;
      System.out.println("audit " + (pass ? "PASSED" : "FAILED"));
      api.destroy();
      api.waitFor();
      for (WorkerMain w : workers) {
        w.close();
      }
      System.exit(pass ? 0 : 1);
    }
  }

  private static Process startApi(Map<String, String> env, Path gcLog, Path log) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-XX:+ExitOnOutOfMemoryError",
            "-Xlog:gc:file=" + gcLog,
            "-cp",
            System.getProperty("java.class.path"),
            "dev.appservice.runtime.RuntimeMain",
            RuntimeValues.MODE_API);
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return pb.start();
  }

  private static void awaitReady(HttpClient http, URI ready, List<WorkerMain> workers)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200
            && workers.stream().allMatch(WorkerMain::ready)) {
          return;
        }
      } catch (Exception notYet) {
        // starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the API did not become ready");
  }

  /**
   * Reads the stream; a slow reader takes 50 ms per event, so the server must not buffer for it.
   */
  private static Void read(
      HttpClient http, URI base, boolean slow, AtomicBoolean running, AtomicLong events)
      throws Exception {
    while (running.get()) {
      try {
        HttpResponse<java.io.InputStream> r =
            http.send(
                HttpRequest.newBuilder(base.resolve("/v1/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
          Thread.sleep(1000);
          continue;
        }
        try (BufferedReader in =
            new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null && running.get(); line = in.readLine()) {
            if (line.isEmpty()) {
              events.incrementAndGet();
              if (slow) {
                Thread.sleep(50);
              }
            }
          }
        }
      } catch (java.io.IOException e) {
        Thread.sleep(1000);
      }
    }
    return null;
  }

  private static final Pattern GC = Pattern.compile("\\[(\\d+\\.\\d+)s].*->(\\d+)M\\(");

  /** The largest heap after GC in each window, in MiB, from the API's GC log (JVM uptime). */
  private static Map<Integer, Double> heapAfterGc(Path gcLog) throws Exception {
    Map<Integer, Double> heap = new HashMap<>();
    if (!Files.exists(gcLog)) {
      return heap;
    }
    List<String> lines = Files.readAllLines(gcLog);
    double first = -1;
    for (String line : lines) {
      Matcher m = GC.matcher(line);
      if (m.find()) {
        double t = Double.parseDouble(m.group(1));
        if (first < 0) {
          first = t;
        }
        int window = (int) ((t - first) / WINDOW.toSeconds());
        heap.merge(window, Double.parseDouble(m.group(2)), Math::max);
      }
    }
    return heap;
  }

  private static String command(String id, int i, String data) {
    return "{\"id\": \""
        + id
        + "\", \"type\": \"thing.upsert\", \"subject\": \"e-"
        + (i % 500)
        + "\", \"data\": "
        + data
        + "}";
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private SoakBench() {}
}
