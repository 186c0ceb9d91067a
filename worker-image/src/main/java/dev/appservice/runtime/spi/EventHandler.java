package dev.appservice.runtime.spi;

import dev.appservice.handler.Queries;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Materializes input events into the database. Implementations are found with {@link
 * java.util.ServiceLoader} and selected by {@link #name()} (env {@code HANDLER}).
 *
 * <p>The runtime calls one handler instance from one thread, per poll batch and inside one database
 * transaction: {@link #prepare}, then {@link #handle} for each event in partition order, then
 * {@link #flush}. The runtime commits; a handler never commits, rolls back or closes the
 * connection. When anything fails the runtime rolls back and calls {@link #discard}; it may then
 * replay the batch one event at a time (prepare, handle, flush per event) to isolate a poison
 * event, so buffered state must live only between prepare and flush/discard.
 *
 * <p>{@link #parse} is the exception: the part of handling that depends on the event alone, which
 * the runtime calls ahead of the event's turn on another thread.
 *
 * <p>An exception from {@code parse}, {@code handle} or {@code flush} marks the event as poison: it
 * goes to the dead-letter topic with the error and its command is recorded as failed. Exceptions
 * caused by a lost connection or other transient database trouble are recognised and retried
 * instead.
 */
public interface EventHandler {

  /** The name selected with {@code HANDLER}. */
  String name();

  /**
   * Classpath location of this handler's Flyway migrations (e.g. {@code db/handler/orders}), run at
   * start-up with their own history table; empty if the handler owns no tables.
   */
  default Optional<String> migrations() {
    return Optional.empty();
  }

  /**
   * Migrations of tables the handler shares with other handlers, run before {@link #migrations()}:
   * by name (its history table is {@code appservice_handler_<name>_history}) the classpath
   * location, e.g. the document handler's {@code documents} table, which the typed handler API also
   * keeps its documents in. Empty by default.
   */
  default Map<String, String> sharedMigrations() {
    return Map.of();
  }

  /**
   * Publishes read-only queries over the handler's tables, served by the HTTP API at {@code GET
   * /v1/queries/{name}} (see {@link Queries}); called once when the API starts. None by default.
   */
  default void queries(Queries queries) {}

  /**
   * Optional: the part of handling that depends on the event alone, such as decoding and checking
   * its data. The runtime calls it ahead of the event's turn, on the thread that decodes the next
   * batch while the current one is handled, so this work is off the partition's ordered path. It
   * must be thread-safe, must not use the database, and must give the same result whenever it is
   * called with the same event (a batch retried after a failure is not parsed again). {@link
   * #handle} gets the result through {@link HandlerContext#parsed()}. An exception marks the event
   * as poison and the event is not handled. The default does nothing ahead and returns null.
   */
  default Object parse(CloudEvent event) throws Exception {
    return null;
  }

  /** Called before the events of a batch are handled, e.g. to load their rows in one query. */
  default void prepare(List<CloudEvent> events, HandlerContext context) throws Exception {}

  /**
   * As {@link #prepare(List, HandlerContext)}, with what {@link #parse} returned for each event, in
   * the same order (null where it parsed nothing, or failed). The runtime calls this one; the
   * default ignores {@code parsed} and calls {@link #prepare(List, HandlerContext)}.
   */
  default void prepare(List<CloudEvent> events, List<Object> parsed, HandlerContext context)
      throws Exception {
    prepare(events, context);
  }

  /**
   * Applies one event and returns the events to publish because of it (possibly none). The returned
   * events get ids, source and the command id from the runtime.
   */
  List<OutputEvent> handle(CloudEvent event, HandlerContext context) throws Exception;

  /** Writes what {@link #handle} buffered; called before the transaction commits. */
  default void flush(HandlerContext context) throws Exception {}

  /** Forgets buffered state after a rollback. */
  default void discard() {}
}
