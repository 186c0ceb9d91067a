package dev.appservice.runtime.worker;

import dev.appservice.runtime.kafka.RecordSize;
import dev.appservice.runtime.store.Fulfilment;
import dev.appservice.runtime.store.Outbox;
import dev.appservice.runtime.store.OutboxRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * What a batch records besides the handler's effects, built without the database (so it can be
 * built while the handler's writes run): the output records and dead letters, encoded as the
 * batch's outbox blocks, and a fulfilment entry per command, all in input order.
 */
final class BatchRecords {
  private final DeadLetters deadLetters;
  private final EventCodec codec;
  private final Outbox outbox;
  private final int maxRecordBytes;

  BatchRecords(DeadLetters deadLetters, EventCodec codec, Outbox outbox, int maxRecordBytes) {
    this.deadLetters = deadLetters;
    this.codec = codec;
    this.outbox = outbox;
    this.maxRecordBytes = maxRecordBytes;
  }

  /**
   * An output event larger than the record limit: Kafka would never accept it, so its command is
   * poison (tried again without it, its effects undone, dead-lettered with this as the error).
   */
  static final class OversizedOutput extends RuntimeException {
    final transient BatchItem item;

    OversizedOutput(BatchItem item, int index, int size, int limit) {
      super(
          "output event "
              + index
              + " ("
              + item.outputs.get(index).type()
              + ") would be a record of "
              + size
              + " bytes, more than the record limit of "
              + limit
              + " bytes");
      this.item = item;
    }
  }

  /**
   * Checks that each of the item's output events fits in a record.
   *
   * @throws OversizedOutput for the first that does not
   */
  void checkOutputs(BatchItem item) {
    outputs(item);
  }

  /** The batch's records: rows for the topics, their blocks, and the fulfilment entries. */
  record Recorded(
      List<OutboxRecord> rows,
      List<Outbox.Block> blocks,
      List<Fulfilment.Entry> entries,
      int applied,
      int deadLettered) {}

  /** Output records, dead letters and fulfilment entries of the batch, in input order. */
  Recorded of(List<BatchItem> items) {
    List<OutboxRecord> rows = new ArrayList<>();
    List<Fulfilment.Entry> entries = new ArrayList<>();
    int applied = 0;
    int deadLettered = 0;
    for (BatchItem item : items) {
      if (item.skipped) {
        continue; // already recorded, as applied or as poison
      }
      if (!item.decoded() || item.error != null) {
        Throwable error = item.decoded() ? item.error : item.decodeError;
        rows.add(deadLetters.of(item.record, error));
        deadLettered++;
        if (item.decoded()) {
          entries.add(entry(item, 0, Failures.describe(error)));
        }
      } else {
        rows.addAll(outputs(item));
        entries.add(
            new Fulfilment.Entry(
                item.commandKey(),
                item.record.offset(),
                item.outputs.size(),
                item.rejection,
                item.rejection != null));
        applied++;
      }
    }
    long next = items.getLast().record.offset() + 1;
    List<Outbox.Block> blocks = outbox.encode(rows, items.getFirst().record.offset(), next);
    return new Recorded(rows, blocks, entries, applied, deadLettered);
  }

  private List<OutboxRecord> outputs(BatchItem item) {
    List<OutboxRecord> rows = new ArrayList<>(item.outputs.size());
    for (int i = 0; i < item.outputs.size(); i++) {
      OutboxRecord row = codec.output(item.record, item.event.getId(), i, item.outputs.get(i));
      int size = RecordSize.of(row.key(), row.value(), row.headers());
      if (size > maxRecordBytes) {
        throw new OversizedOutput(item, i, size, maxRecordBytes);
      }
      rows.add(row);
    }
    return rows;
  }

  private static Fulfilment.Entry entry(BatchItem item, int outputs, String error) {
    return new Fulfilment.Entry(item.commandKey(), item.record.offset(), outputs, error, false);
  }
}
