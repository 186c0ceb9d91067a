package dev.appservice.handler;

import java.sql.Connection;

/** What a command may do while it is applied; valid only during {@link CommandFunction#apply}. */
public interface CommandContext {

  /** The app's documents, written in the command's transaction. */
  Documents documents();

  /**
   * Publishes an event to the output topic once the command commits. The runtime adds the event's
   * id, source, time and the {@code commandid} extension.
   *
   * @param type the CloudEvents type, e.g. {@code order.placed}
   * @param subject the entity it is about; also its Kafka key, so events of one entity stay in
   *     order
   * @param data serialized as JSON; may be null
   */
  void emit(String type, String subject, Object data);

  /**
   * Refuses the command for a reason a person can act on: the command is recorded as rejected with
   * the reason, and a caller waiting on the HTTP API gets it as a 422 problem. It is an outcome,
   * not a failure: the command is not retried and does not go to the dead-letter topic. What the
   * command wrote to {@link #documents()} is undone; the events it emitted are still published (so
   * it may announce the rejection, e.g. {@code order.rejected}). Return after calling it.
   *
   * @throws IllegalStateException if the command was already rejected
   */
  void reject(String reason);

  /**
   * The command's database transaction, for a handler with tables of its own ({@link
   * AppHandler#migrations()}). Auto-commit is off and the runtime commits: never commit, roll back
   * or close it. Documents are written at the end of a batch, so read them through {@link
   * #documents()}, not with SQL.
   */
  Connection connection();
}
