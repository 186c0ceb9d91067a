package dev.appservice.runtime.api.problem;

/** The rules every identifier the API takes (ids, cursors, extension values) must follow. */
public final class Identifiers {
  public static final int MAX_TEXT = 256;

  private Identifiers() {}

  /** Identifiers end up in URLs, Kafka keys and SQL text parameters: keep them printable. */
  public static String text(String field, String value) {
    if (value.isBlank()) {
      throw Problem.badRequest(field, field.replace("/", "") + " must not be blank");
    }
    if (value.length() > MAX_TEXT) {
      throw Problem.badRequest(field, "at most " + MAX_TEXT + " characters");
    }
    if (value.chars().anyMatch(c -> Character.isISOControl(c) || Character.isSurrogate((char) c))
        && !wellFormedPrintable(value)) {
      throw Problem.badRequest(field, "control characters and broken UTF-16 are not allowed");
    }
    if (!value.equals(value.strip())) {
      throw Problem.badRequest(field, "leading or trailing white space is not allowed");
    }
    return value;
  }

  private static boolean wellFormedPrintable(String value) {
    return value
        .codePoints()
        .noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE);
  }
}
