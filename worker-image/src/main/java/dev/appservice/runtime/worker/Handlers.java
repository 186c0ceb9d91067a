package dev.appservice.runtime.worker;

import dev.appservice.handler.AppHandler;
import dev.appservice.runtime.spi.EventHandler;
import dev.appservice.runtime.typed.TypedHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds the handler named by {@code HANDLER} among the ServiceLoader providers: app handlers
 * written against the handler API ({@link AppHandler}, run by {@link TypedHandler}) and handlers of
 * the runtime's own SPI ({@link EventHandler}, such as the built-in document handler).
 */
final class Handlers {
  private Handlers() {}

  static EventHandler load(String name) {
    List<String> available = new ArrayList<>();
    for (EventHandler handler : ServiceLoader.load(EventHandler.class)) {
      if (handler.name().equals(name)) {
        return handler;
      }
      available.add(handler.name());
    }
    for (AppHandler handler : ServiceLoader.load(AppHandler.class)) {
      if (handler.name().equals(name)) {
        return new TypedHandler(handler);
      }
      available.add(handler.name());
    }
    throw new IllegalArgumentException(
        "HANDLER '"
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
