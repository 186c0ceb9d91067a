package dev.appservice.runtime.worker;

import dev.appservice.runtime.spi.EventHandler;
import dev.appservice.runtime.store.FencedException;
import dev.appservice.runtime.store.Fulfilment;
import dev.appservice.runtime.store.OffsetStore;
import dev.appservice.runtime.store.Outbox;
import dev.appservice.runtime.store.Ownership;
import io.cloudevents.CloudEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Applies one poll batch in one transaction: fencing check and offset, handler effects, outbox rows
 * and fulfilment. The whole batch is tried at once. If the handler's {@code handle} fails on an
 * event, the batch is rolled back and tried again without it; if {@code prepare} or {@code flush}
 * fails, which names no event, the batch is replayed one event at a time under savepoints. Either
 * way only the failing event is dead-lettered; so is an event with an output event larger than the
 * record limit, found as the outbox is built. Transient database failures propagate and nothing is
 * committed. The outbox records and fulfilment entries are built and encoded on an encoder thread
 * of its own while the database runs the handler's flush.
 */
final class BatchProcessor {

  /**
   * The optimistic attempt met a command id that is already fulfilled (a replay or a resent
   * command): the batch is rolled back and tried again with the ids looked up first.
   */
  private static final class AlreadyFulfilled extends Exception {
    AlreadyFulfilled() {
      super(null, null, false, false);
    }
  }

  /**
   * The handler failed in the fast path; internal. {@code culprit} is the event whose {@code
   * handle} threw, or null if {@code prepare} or {@code flush} did (which names no event).
   */
  private static final class HandlerFailure extends Exception {
    final BatchItem culprit;

    HandlerFailure(Exception cause, BatchItem culprit) {
      super(cause);
      this.culprit = culprit;
    }
  }

  /**
   * Events of one batch whose {@code handle} threw and that are set aside by running the batch
   * again without them, each attempt a fast one. A batch with more, or a failure in {@code prepare}
   * or {@code flush}, is isolated instead: one event at a time, which costs about as much as this
   * many fast attempts.
   */
  static final int SET_ASIDE_PER_BATCH = 10;

  private final DataSource dataSource;
  private final EventHandler handler;
  private final OffsetStore offsets;
  private final Outbox outbox;
  private final Fulfilment fulfilment;
  private final BatchRecords records;
  private final EventCodec codec;
  private final BatchContext context;
  private final WorkerMetrics metrics;
  private final long[] stageNanos = new long[WorkerMetrics.Stage.values().length];
  private final ExecutorService encoder;
  private long stageStart;

  BatchProcessor(
      DataSource dataSource,
      EventHandler handler,
      String appService,
      String topic,
      int partition,
      Outbox outbox,
      OffsetStore offsets,
      DeadLetters deadLetters,
      EventCodec codec,
      int maxRecordBytes,
      WorkerMetrics metrics) {
    this.dataSource = dataSource;
    this.handler = handler;
    this.offsets = offsets;
    this.outbox = outbox;
    this.fulfilment = new Fulfilment(topic, partition);
    this.records = new BatchRecords(deadLetters, codec, outbox, maxRecordBytes);
    this.codec = codec;
    this.context = new BatchContext(appService, topic, partition);
    this.metrics = metrics;
    this.encoder =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("outbox-encoder-" + partition).factory());
  }

  /** Stops the encoder thread; the processor is not used after. */
  void close() {
    encoder.shutdownNow();
  }

  /** Ends the current stage: its time since the previous mark counts for {@code stage}. */
  private void mark(WorkerMetrics.Stage stage) {
    long now = System.nanoTime();
    stageNanos[stage.ordinal()] += now - stageStart;
    stageStart = now;
  }

  /**
   * @param publishedBelow outbox rows below this input offset are acknowledged and can be deleted
   *     (-1 for none)
   */
  BatchResult process(
      List<ConsumerRecord<byte[], byte[]>> records, Ownership ownership, long publishedBelow)
      throws SQLException, FencedException {
    return processDecoded(decode(records), ownership, publishedBelow);
  }

  /**
   * Decodes records as CloudEvents and lets the handler parse them; thread-safe, so a batch can be
   * decoded ahead of its turn.
   */
  List<BatchInput> decode(List<ConsumerRecord<byte[], byte[]>> records) {
    List<BatchInput> inputs = new ArrayList<>(records.size());
    for (ConsumerRecord<byte[], byte[]> record : records) {
      CloudEvent event;
      try {
        event = codec.parse(record);
      } catch (RuntimeException e) {
        inputs.add(new BatchInput(record, null, null, e));
        continue;
      }
      try {
        inputs.add(new BatchInput(record, event, handler.parse(event), null));
      } catch (Exception e) {
        inputs.add(new BatchInput(record, event, null, e));
      }
    }
    return inputs;
  }

  /**
   * @param inputs a non-empty batch from {@link #decode}
   */
  BatchResult processDecoded(List<BatchInput> inputs, Ownership ownership, long publishedBelow)
      throws SQLException, FencedException {
    List<BatchItem> items = inputs.stream().map(BatchItem::new).toList();
    long next = inputs.getLast().record().offset() + 1;
    Arrays.fill(stageNanos, 0);
    stageStart = System.nanoTime();
    try (Connection conn = dataSource.getConnection()) {
      conn.setAutoCommit(false);
      context.connection = conn;
      try {
        BatchResult result = null;
        boolean isolated = false;
        boolean lookUp = false;
        int setAside = 0;
        while (result == null) {
          try {
            result = attempt(conn, items, ownership, next, publishedBelow, isolated, lookUp);
          } catch (HandlerFailure failure) {
            if (isolated) {
              throw new IllegalStateException("isolated attempt reported a batch failure", failure);
            }
            conn.rollback();
            handler.discard();
            if (failure.culprit != null && ++setAside <= SET_ASIDE_PER_BATCH) {
              // Isolation would find the same: the same events come before it, in the same order.
              failure.culprit.rejected = (Exception) failure.getCause();
            } else {
              isolated = true;
            }
          } catch (AlreadyFulfilled replay) {
            conn.rollback();
            handler.discard();
            lookUp = true;
          }
        }
        conn.commit();
        mark(WorkerMetrics.Stage.COMMIT);
        for (WorkerMetrics.Stage stage : WorkerMetrics.Stage.values()) {
          if (stageNanos[stage.ordinal()] > 0) {
            metrics.stage(stage, stageNanos[stage.ordinal()]);
          }
        }
        return result;
      } catch (SQLException | FencedException | RuntimeException e) {
        rollbackQuietly(conn);
        handler.discard();
        throw e;
      } finally {
        context.connection = null;
      }
    }
  }

  private BatchResult attempt(
      Connection conn,
      List<BatchItem> items,
      Ownership ownership,
      long next,
      long publishedBelow,
      boolean isolated,
      boolean lookUp)
      throws SQLException, FencedException, HandlerFailure, AlreadyFulfilled {
    offsets.advance(conn, ownership, next);
    if (publishedBelow >= 0) {
      outbox.deletePublished(conn, publishedBelow);
    }
    List<BatchItem> toHandle = newCommands(conn, items, lookUp);
    items.forEach(BatchItem::reset);
    mark(WorkerMetrics.Stage.OFFSET);
    CompletableFuture<BatchRecords.Recorded> recorded;
    if (isolated) {
      handleOneByOne(conn, toHandle);
      recorded = CompletableFuture.completedFuture(records.of(items));
    } else {
      recorded = handleTogether(toHandle, items);
    }
    mark(WorkerMetrics.Stage.HANDLER);
    BatchRecords.Recorded built;
    try {
      built = await(recorded);
    } catch (BatchRecords.OversizedOutput e) {
      throw new HandlerFailure(e, e.item);
    }
    return record(conn, built, next);
  }

  /**
   * Events whose command id was already fulfilled (a replay, or a resent command) are skipped, and
   * so are repeats of a command id within the batch. Looking the ids up costs a query per batch for
   * what is rare, so the first attempt does not: it relies on the fulfilment insert at the end of
   * the batch, which reports a command id that is already there (then the batch is rolled back and
   * tried again with {@code lookUp}).
   */
  private List<BatchItem> newCommands(Connection conn, List<BatchItem> items, boolean lookUp)
      throws SQLException {
    Set<String> seen = new HashSet<>();
    if (lookUp) {
      List<String> ids =
          items.stream().filter(BatchItem::decoded).map(BatchItem::commandKey).toList();
      seen.addAll(fulfilment.alreadyFulfilled(conn, ids));
    }
    List<BatchItem> fresh = new ArrayList<>();
    for (BatchItem item : items) {
      item.skipped = item.decoded() && !seen.add(item.commandKey());
      if (item.decoded() && !item.skipped && item.rejected == null) {
        fresh.add(item);
      }
    }
    return fresh;
  }

  /**
   * @param batch the whole batch, {@code toHandle} and the events not handled
   * @return what the batch records, prepared on the encoder thread while the handler's flush runs
   */
  private CompletableFuture<BatchRecords.Recorded> handleTogether(
      List<BatchItem> toHandle, List<BatchItem> batch) throws SQLException, HandlerFailure {
    CompletableFuture<BatchRecords.Recorded> recorded = null;
    BatchItem handling = null;
    try {
      context.at(null);
      handler.prepare(
          toHandle.stream().map(i -> i.event).toList(),
          toHandle.stream().map(i -> i.parsed).collect(Collectors.toList()),
          context);
      for (BatchItem item : toHandle) {
        context.at(item);
        handling = item;
        item.outputs = Objects.requireNonNullElse(handler.handle(item.event, context), List.of());
      }
      handling = null;
      context.at(null);
      // The outputs are final: build and encode the outbox while the database applies the
      // handler's writes (the flush is usually the batch's longest statement).
      recorded = CompletableFuture.supplyAsync(() -> records.of(batch), encoder);
      handler.flush(context);
      return recorded;
    } catch (Exception e) {
      if (recorded != null) {
        // The next attempt resets the items; the encoder must be done reading them.
        recorded.exceptionally(ignored -> null).join();
      }
      rethrowIfTransient(e);
      throw new HandlerFailure(e, handling);
    }
  }

  private static BatchRecords.Recorded await(CompletableFuture<BatchRecords.Recorded> recorded) {
    try {
      return recorded.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw e;
    }
  }

  private void handleOneByOne(Connection conn, List<BatchItem> items) throws SQLException {
    for (BatchItem item : items) {
      Savepoint savepoint = conn.setSavepoint();
      try {
        handler.prepare(List.of(item.event), Collections.singletonList(item.parsed), context);
        context.at(item);
        item.outputs = Objects.requireNonNullElse(handler.handle(item.event, context), List.of());
        context.at(null);
        records.checkOutputs(item);
        handler.flush(context);
        conn.releaseSavepoint(savepoint);
      } catch (Exception e) {
        rethrowIfTransient(e);
        conn.rollback(savepoint);
        handler.discard();
        item.outputs = List.of();
        item.rejection = null;
        item.error = e;
      }
    }
  }

  private void rethrowIfTransient(Exception e) throws SQLException {
    if (Failures.isTransient(e) || !context.connection.isValid(2)) {
      throw e instanceof SQLException sql ? sql : new SQLException("transient failure", "08000", e);
    }
  }

  private BatchResult record(Connection conn, BatchRecords.Recorded recorded, long next)
      throws SQLException, AlreadyFulfilled {
    outbox.insert(conn, recorded.blocks());
    mark(WorkerMetrics.Stage.OUTBOX);
    if (!fulfilment.record(conn, recorded.entries(), next)) {
      throw new AlreadyFulfilled();
    }
    mark(WorkerMetrics.Stage.FULFILMENT);
    return new BatchResult(next, recorded.rows(), recorded.applied(), recorded.deadLettered());
  }

  private static void rollbackQuietly(Connection conn) {
    try {
      conn.rollback();
    } catch (SQLException ignored) {
      // The connection is broken; the transaction dies with it.
    }
  }
}
