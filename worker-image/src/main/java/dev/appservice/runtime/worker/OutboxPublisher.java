package dev.appservice.runtime.worker;

import dev.appservice.runtime.store.OutboxRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/** Hands outbox records to the producer, in order, and sees what Kafka made of each. */
final class OutboxPublisher {
  private OutboxPublisher() {}

  /** A record Kafka refused for good: sending it again can only fail again. */
  record Refusal(int index, OutboxRecord record, Throwable error) {}

  /**
   * What became of a publication: the records refused for good, and the first other failure (null
   * if none). With another failure, records may or may not have been written: all are sent again.
   */
  record Settled(List<Refusal> refused, Throwable failure) {
    boolean done() {
      return refused.isEmpty() && failure == null;
    }
  }

  /**
   * Sends the records in order and waits until Kafka has answered for each (acks=all, idempotent).
   */
  static Settled publish(Producer<byte[], byte[]> producer, List<OutboxRecord> records)
      throws InterruptedException {
    List<Future<RecordMetadata>> acks = send(producer, records);
    producer.flush();
    return settle(records, acks);
  }

  /**
   * Hands the records to the producer in order without waiting (linger.ms is 0: sent at once). A
   * send that fails at once (buffer full, too large) fails as an acknowledgement would.
   */
  static List<Future<RecordMetadata>> send(
      Producer<byte[], byte[]> producer, List<OutboxRecord> records) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
    for (OutboxRecord r : records) {
      acks.add(producer.send(r.toProducerRecord()));
    }
    return acks;
  }

  /** Waits for every acknowledgement, in order, and sorts the failures. */
  static Settled settle(List<OutboxRecord> records, List<Future<RecordMetadata>> acks)
      throws InterruptedException {
    List<Refusal> refused = new ArrayList<>();
    Throwable failure = null;
    for (int i = 0; i < acks.size(); i++) {
      try {
        acks.get(i).get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (refusedForGood(cause)) {
          refused.add(new Refusal(i, records.get(i), cause));
        } else if (failure == null) {
          failure = cause;
        }
      }
    }
    return new Settled(List.copyOf(refused), failure);
  }

  /**
   * Errors about the record itself, which no retry can fix: larger than the producer's {@code
   * max.request.size} or the topic's {@code max.message.bytes}, or a record the topic cannot hold
   * (a compacted topic's record without a key). Authorization and availability errors are not among
   * them: an operator can fix those, and the records then go out as they are.
   */
  static boolean refusedForGood(Throwable error) {
    return error instanceof RecordTooLargeException
        || error instanceof RecordBatchTooLargeException
        || error instanceof InvalidRecordException;
  }
}
