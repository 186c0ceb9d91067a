package dev.appservice.runtime.store;

/** Another worker took over the partition: this worker's view is stale and it must not write. */
public final class FencedException extends Exception {
  public FencedException(String message) {
    super(message);
  }
}
