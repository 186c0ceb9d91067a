package dev.appservice.runtime.spi;

import java.sql.Connection;

/** What a handler may use while the runtime holds the batch transaction open. */
public interface HandlerContext {

  /** The batch transaction's connection; auto-commit is off and the runtime commits. */
  Connection connection();

  /** Name of the AppService (env {@code APPSERVICE_NAME}). */
  String appService();

  /** The input topic. */
  String topic();

  /** The partition this worker owns. */
  int partition();

  /** Offset of the event being handled; -1 outside {@link EventHandler#handle}. */
  long offset();

  /**
   * What {@link EventHandler#parse} returned for the event being handled; null outside {@link
   * EventHandler#handle} or if the handler parses nothing ahead. (A default method, so that a
   * handler's own test double of this interface keeps compiling.)
   */
  default Object parsed() {
    return null;
  }

  /**
   * Rejects the event being handled for a reason a person can act on (at most 1000 characters;
   * blank is refused): its command is recorded as {@code rejected} with the reason, which a caller
   * waiting on the HTTP API gets as a 422 problem. Not poison: nothing goes to the dead-letter
   * topic, and the events {@link EventHandler#handle} returns are still published. Undoing what the
   * handler buffered for the event is the handler's job (the typed API's document store does it).
   * Only inside {@link EventHandler#handle}, once per event.
   */
  default void reject(String reason) {
    throw new UnsupportedOperationException("this context cannot reject");
  }
}
