package dev.appservice.runtime.api.routing;

/** The gate as its session sees it: open it with a partition count, or hold commands. */
interface GateControl {
  /**
   * Routes with {@code count}, under a lease proven by a round trip that started at {@code asked}
   * ({@link System#nanoTime()}).
   */
  void openWith(int count, long asked);

  /**
   * Stops routing and flushes: once this returns, every command routed so far is in Kafka (or has
   * failed).
   */
  void hold(String why);
}
