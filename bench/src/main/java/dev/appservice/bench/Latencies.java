package dev.appservice.bench;

import java.util.Arrays;

/** Recorded latencies in nanoseconds; thread-safe adds, percentiles in milliseconds. */
final class Latencies {
  private final long[] values;
  private int size;

  Latencies(int capacity) {
    values = new long[Math.max(capacity, 16)];
  }

  synchronized void add(long nanos) {
    if (size < values.length) {
      values[size++] = nanos;
    }
  }

  synchronized double percentile(double p) {
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    return sorted.length == 0
        ? Double.NaN
        : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  double p50() {
    return percentile(0.5);
  }

  double p99() {
    return percentile(0.99);
  }

  @Override
  public synchronized String toString() {
    return String.format("p50 %6.2f ms  p99 %7.2f ms  (n=%d)", p50(), p99(), size);
  }
}
