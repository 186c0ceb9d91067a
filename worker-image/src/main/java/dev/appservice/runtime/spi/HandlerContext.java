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
}
