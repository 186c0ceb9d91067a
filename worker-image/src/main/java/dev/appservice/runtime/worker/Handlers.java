package dev.appservice.runtime.worker;

import dev.appservice.runtime.spi.EventHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the handler named by {@code HANDLER} among the ServiceLoader providers. */
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
    throw new IllegalArgumentException(
        "HANDLER '"
            + name
            + "' not found; handlers on the class path: "
            + available
            + " (a custom handler needs a META-INF/services/"
            + EventHandler.class.getName()
            + " entry)");
  }
}
