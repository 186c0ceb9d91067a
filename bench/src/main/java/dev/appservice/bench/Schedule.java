package dev.appservice.bench;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/** Open-loop load: operation i starts at {@code i / rate} seconds, each on its own thread. */
final class Schedule {
  private Schedule() {}

  static Latencies run(double rate, Duration duration, Runnable operation) {
    int count = (int) (rate * duration.toMillis() / 1000);
    Latencies latencies = new Latencies(count);
    long start = System.nanoTime() + 50_000_000;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < count; i++) {
        long due = start + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        pool.execute(
            () -> {
              operation.run();
              latencies.add(System.nanoTime() - due);
            });
      }
    }
    return latencies;
  }
}
