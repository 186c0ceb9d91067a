package dev.appservice.runtime.worker;

import dev.appservice.runtime.store.OutboxRecord;
import java.util.List;

/**
 * What a committed batch came to.
 *
 * @param nextOffset the input offset after the batch, now stored
 * @param outbox its output records and dead letters, in publication order, committed and not yet
 *     published
 * @param applied events the handler applied
 * @param deadLettered events set aside as dead letters
 */
record BatchResult(long nextOffset, List<OutboxRecord> outbox, int applied, int deadLettered) {}
