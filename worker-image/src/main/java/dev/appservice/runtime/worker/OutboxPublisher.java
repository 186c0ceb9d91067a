package dev.appservice.runtime.worker;

import dev.appservice.runtime.store.OutboxRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Hands outbox records to the producer, in order, and waits for Kafka's acknowledgements. */
final class OutboxPublisher {
  private OutboxPublisher() {}

  /**
   * Sends the records in order and waits until all are acknowledged (acks=all, idempotent).
   *
   * @throws ExecutionException if any record was not acknowledged; the rows stay and are resent
   */
  static void publish(Producer<byte[], byte[]> producer, List<OutboxRecord> records)
      throws ExecutionException, InterruptedException {
    List<Future<RecordMetadata>> acks = send(producer, records);
    producer.flush();
    awaitAcks(acks);
  }

  /**
   * Hands the records to the producer in order without waiting (linger.ms is 0: sent at once). A
   * send that fails at once (buffer full, closed producer) fails as an acknowledgement would.
   */
  static List<Future<RecordMetadata>> send(
      Producer<byte[], byte[]> producer, List<OutboxRecord> records) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
    for (OutboxRecord r : records) {
      acks.add(producer.send(r.toProducerRecord()));
    }
    return acks;
  }

  /** Waits for every acknowledgement, in order. */
  static void awaitAcks(List<Future<RecordMetadata>> acks)
      throws ExecutionException, InterruptedException {
    for (Future<RecordMetadata> ack : acks) {
      ack.get();
    }
  }
}
