package dev.appservice.bench;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load (operation i starts at {@code i / rate} seconds, each on its own thread) and
 * one-at-a-time runs (each operation starts when the previous one ends: latency without load).
 */
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

  static Latencies oneAtATime(Duration duration, Runnable operation) {
    Latencies latencies = new Latencies((int) duration.toMillis() * 2);
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      long start = System.nanoTime();
      operation.run();
      latencies.add(System.nanoTime() - start);
    }
    return latencies;
  }
}
