package dev.appservice.handler;

/** The command types an {@link AppHandler} takes, declared in {@link AppHandler#commands}. */
public interface Commands {

  /**
   * Handles commands of {@code type} (the CloudEvents type, e.g. {@code order.place}) whose JSON
   * data binds to {@code dataType} (a record, a class Jackson can bind, or {@code
   * com.fasterxml.jackson.databind.JsonNode}). Data that does not bind makes the command poison.
   *
   * @throws IllegalArgumentException if {@code type} is declared twice
   */
  <T> Commands on(String type, Class<T> dataType, CommandFunction<T> function);

  /**
   * As {@link #on(String, Class, CommandFunction)}, naming the documents a command reads, so that
   * the runtime loads those of a whole batch in one round trip. A document read without being named
   * is loaded on its own, which is correct but slower.
   */
  <T> Commands on(String type, Class<T> dataType, Reads<T> reads, CommandFunction<T> function);
}
