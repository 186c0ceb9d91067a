package dev.appservice.runtime.config;

import dev.appservice.contract.RuntimeValues;
import java.util.Locale;
import java.util.Optional;

/** What the image runs: the partition worker or the HTTP API. */
public enum Mode {
  WORKER,
  API;

  static Optional<Mode> parse(String raw) {
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case RuntimeValues.MODE_WORKER -> Optional.of(WORKER);
      case RuntimeValues.MODE_API -> Optional.of(API);
      default -> Optional.empty();
    };
  }
}
