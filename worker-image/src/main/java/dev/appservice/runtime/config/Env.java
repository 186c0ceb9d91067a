package dev.appservice.runtime.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads variables and collects every problem before failing, so one restart shows all mistakes
 * instead of one per crash loop.
 */
final class Env {
  private final Map<String, String> vars;
  private final List<String> problems = new ArrayList<>();

  Env(Map<String, String> vars) {
    this.vars = vars;
  }

  Optional<String> optional(String name) {
    String value = vars.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  String required(String name) {
    return optional(name)
        .orElseGet(
            () -> {
              problem(name + " is required but not set");
              return "";
            });
  }

  String orDefault(String name, String fallback) {
    return optional(name).orElse(fallback);
  }

  int integer(String name, Optional<Integer> fallback, int min, int max) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      if (fallback.isEmpty()) {
        problem(name + " is required but not set");
        return min;
      }
      return fallback.get();
    }
    try {
      int value = Integer.parseInt(raw.get());
      if (value < min || value > max) {
        problem(name + " must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      problem(name + " must be an integer, got '" + raw.get() + "'");
      return min;
    }
  }

  String check(String name, String value, Predicate<String> valid, String expectation) {
    if (!value.isEmpty() && !valid.test(value)) {
      problem(name + " " + expectation + ", got '" + value + "'");
    }
    return value;
  }

  void problem(String message) {
    problems.add(message);
  }

  void failIfProblems() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }
}
