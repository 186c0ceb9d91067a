package dev.appservice.runtime.worker;

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

  BatchRecords(DeadLetters deadLetters, EventCodec codec, Outbox outbox) {
    this.deadLetters = deadLetters;
    this.codec = codec;
    this.outbox = outbox;
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
        for (int i = 0; i < item.outputs.size(); i++) {
          rows.add(codec.output(item.record, item.event.getId(), i, item.outputs.get(i)));
        }
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

  private static Fulfilment.Entry entry(BatchItem item, int outputs, String error) {
    return new Fulfilment.Entry(item.commandKey(), item.record.offset(), outputs, error, false);
  }
}
