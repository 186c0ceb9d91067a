package dev.appservice.runtime.worker;

/** Exponential backoff for retrying transient failures, capped so recovery is noticed quickly. */
final class Backoff {
  private final long initialMillis;
  private final long maxMillis;
  private long nextMillis;

  Backoff(long initialMillis, long maxMillis) {
    this.initialMillis = initialMillis;
    this.maxMillis = maxMillis;
    this.nextMillis = initialMillis;
  }

  void sleep() throws InterruptedException {
    Thread.sleep(nextMillis);
    nextMillis = Math.min(maxMillis, nextMillis * 2);
  }

  void reset() {
    nextMillis = initialMillis;
  }
}
