package dev.appservice.runtime.store;

/**
 * This worker's claim on a partition: the epoch it took over with and the next input offset, which
 * the batch transaction moves forward.
 */
public record Ownership(String topic, int partition, long epoch, long nextOffset) {
  public Ownership advancedTo(long offset) {
    return new Ownership(topic, partition, epoch, offset);
  }
}
