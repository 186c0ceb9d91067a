package dev.appservice.runtime.typed;

import dev.appservice.handler.CommandFunction;
import dev.appservice.handler.Commands;
import dev.appservice.handler.Reads;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The command types an app handler declared, by CloudEvents type. */
final class Routes implements Commands {

  /** One declared command type. */
  record Route<T>(String type, Class<T> dataType, Reads<T> reads, CommandFunction<T> function) {}

  private final Map<String, Route<?>> routes = new LinkedHashMap<>();

  @Override
  public <T> Commands on(String type, Class<T> dataType, CommandFunction<T> function) {
    return on(type, dataType, command -> List.of(), function);
  }

  @Override
  public <T> Commands on(
      String type, Class<T> dataType, Reads<T> reads, CommandFunction<T> function) {
    Objects.requireNonNull(dataType, "dataType");
    Objects.requireNonNull(reads, "reads");
    Objects.requireNonNull(function, "function");
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("a command type must not be blank");
    }
    if (routes.putIfAbsent(type, new Route<>(type, dataType, reads, function)) != null) {
      throw new IllegalArgumentException("command type '" + type + "' is declared twice");
    }
    return this;
  }

  Optional<Route<?>> route(String type) {
    return Optional.ofNullable(routes.get(type));
  }

  /** The declared types, for messages. */
  Set<String> types() {
    return routes.keySet();
  }

  boolean isEmpty() {
    return routes.isEmpty();
  }
}
