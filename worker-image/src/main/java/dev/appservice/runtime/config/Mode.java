package dev.appservice.runtime.config;

import java.util.Locale;
import java.util.Optional;

/** What the image runs: the partition worker or the HTTP API. */
public enum Mode {
  WORKER,
  API;

  static Optional<Mode> parse(String raw) {
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "worker" -> Optional.of(WORKER);
      case "api" -> Optional.of(API);
      default -> Optional.empty();
    };
  }
}
