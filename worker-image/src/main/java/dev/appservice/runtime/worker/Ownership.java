package dev.appservice.runtime.worker;

/**
 * This worker's claim on a partition: the epoch it took over with and the next input offset, which
 * the batch transaction moves forward.
 */
record Ownership(String topic, int partition, long epoch, long nextOffset) {
  Ownership advancedTo(long offset) {
    return new Ownership(topic, partition, epoch, offset);
  }
}
