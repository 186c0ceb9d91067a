package dev.appservice.runtime.typed;

import dev.appservice.handler.AppHandler;
import dev.appservice.runtime.spi.EventHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds the handler named by {@code HANDLER} among the ServiceLoader providers: app handlers
 * written against the handler API ({@link AppHandler}, run by {@link TypedHandler}) and handlers of
 * the runtime's own SPI ({@link EventHandler}, such as the built-in document handler).
 */
public final class Handlers {
  private Handlers() {}

  /** The handler named {@code name}, or an error that lists the ones on the class path. */
  public static EventHandler load(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException(notFound(name)));
  }

  /** The handler named {@code name}, if it is on the class path. */
  public static Optional<EventHandler> find(String name) {
    for (EventHandler handler : ServiceLoader.load(EventHandler.class)) {
      if (handler.name().equals(name)) {
        return Optional.of(handler);
      }
    }
    for (AppHandler handler : ServiceLoader.load(AppHandler.class)) {
      if (handler.name().equals(name)) {
        return Optional.of(new TypedHandler(handler));
      }
    }
    return Optional.empty();
  }

  /** Why {@code name} cannot be loaded. */
  public static String notFound(String name) {
    List<String> available = new ArrayList<>();
    ServiceLoader.load(EventHandler.class).forEach(h -> available.add(h.name()));
    ServiceLoader.load(AppHandler.class).forEach(h -> available.add(h.name()));
    return ("HANDLER '"
        + name
        + "' not found; handlers on the class path: "
        + available
        + " (a handler needs a META-INF/services/"
        + AppHandler.class.getName()
        + " entry, or "
        + EventHandler.class.getName()
        + " for the runtime's own SPI)");
  }
}
