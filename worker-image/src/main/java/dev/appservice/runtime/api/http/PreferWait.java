package dev.appservice.runtime.api.http;

import dev.appservice.runtime.api.problem.Problem;
import java.util.Locale;

/** {@code Prefer: wait=N} (RFC 7240): how long a request may block for the command's outcome. */
final class PreferWait {
  static final int MAX_SECONDS = 30;

  private PreferWait() {}

  /**
   * @return seconds to wait, 0 if the header asks for none, capped at {@link #MAX_SECONDS}
   */
  static int seconds(String header) {
    if (header == null || header.isBlank()) {
      return 0;
    }
    if (header.length() > 256) {
      throw Problem.badRequest("Prefer", "the Prefer header is too long");
    }
    for (String preference : header.split(",")) {
      String token = preference.split(";", 2)[0].strip();
      int eq = token.indexOf('=');
      if (eq < 0 || !token.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("wait")) {
        continue; // other preferences (respond-async, return=...) do not change the answer
      }
      String value = token.substring(eq + 1).strip().replace("\"", "");
      if (!value.matches("\\d{1,9}")) {
        throw Problem.badRequest(
            "Prefer", "wait must be a whole number of seconds, got '" + value + "'");
      }
      return Math.min(Integer.parseInt(value), MAX_SECONDS);
    }
    return 0;
  }
}
