package dev.appservice.runtime.worker;

import dev.appservice.runtime.store.OutboxRecord;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What goes out instead of records Kafka refused for good: their bounded dead letters (see
 * DESIGN.md, "Publishing"), each logged and counted; a refused bounded dead letter is dropped.
 */
final class Refusals {
  private static final Logger log = LoggerFactory.getLogger(Refusals.class);

  private final DeadLetters deadLetters;
  private final WorkerMetrics metrics;

  Refusals(DeadLetters deadLetters, WorkerMetrics metrics) {
    this.deadLetters = deadLetters;
    this.metrics = metrics;
  }

  /** The records, each refused one replaced by its bounded dead letter (or left out). */
  List<OutboxRecord> withReplacements(
      List<OutboxRecord> records, List<OutboxPublisher.Refusal> refused) {
    if (refused.isEmpty()) {
      return records;
    }
    List<OutboxRecord> replaced = new ArrayList<>(records);
    for (OutboxPublisher.Refusal r : refused.reversed()) {
      OutboxRecord instead = replacement(r);
      if (instead == null) {
        replaced.remove(r.index());
      } else {
        replaced.set(r.index(), instead);
      }
    }
    return replaced;
  }

  /** The bounded dead letters of the refused records, in order (none for a dropped one). */
  List<OutboxRecord> replacements(List<OutboxPublisher.Refusal> refused) {
    List<OutboxRecord> replaced = new ArrayList<>(refused.size());
    for (OutboxPublisher.Refusal r : refused) {
      OutboxRecord instead = replacement(r);
      if (instead != null) {
        replaced.add(instead);
      }
    }
    return replaced;
  }

  private OutboxRecord replacement(OutboxPublisher.Refusal r) {
    OutboxRecord instead = deadLetters.instead(r.record(), r.error());
    if (instead == null) {
      metrics.dropped();
      log.error(
          "Kafka refused the bounded dead letter {} for good; it is dropped: {}",
          r.record().eventId(),
          Failures.describe(r.error()));
    } else {
      metrics.refused();
      log.warn(
          "Kafka refused {} for {} for good; a bounded dead letter goes to {} instead: {}",
          r.record().eventId(),
          r.record().topic(),
          instead.topic(),
          Failures.describe(r.error()));
    }
    return instead;
  }
}
