package dev.appservice.runtime.api.http;

import dev.appservice.runtime.api.problem.Problem;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The SSE event id: for every output partition, the offset to read next, e.g. {@code 0-42.1-17}. An
 * id names the exact position after its event on all partitions, so a client that resumes with
 * {@code Last-Event-ID} gets every later event once, with no gap and no repeat.
 */
record StreamCursor(Map<Integer, Long> next) {
  private static final Pattern FORMAT =
      Pattern.compile("\\d{1,6}-\\d{1,18}(\\.\\d{1,6}-\\d{1,18})*");

  StreamCursor {
    next = new TreeMap<>(next);
  }

  static StreamCursor parse(String field, String text) {
    if (text.length() > 4096 || !FORMAT.matcher(text).matches()) {
      throw Problem.badRequest(field, "not an event id issued by this stream");
    }
    Map<Integer, Long> next = new TreeMap<>();
    for (String part : text.split("\\.")) {
      int dash = part.indexOf('-');
      next.put(Integer.parseInt(part.substring(0, dash)), Long.parseLong(part.substring(dash + 1)));
    }
    return new StreamCursor(next);
  }

  StreamCursor advanced(int partition, long offset) {
    Map<Integer, Long> copy = new TreeMap<>(next);
    copy.put(partition, offset + 1);
    return new StreamCursor(copy);
  }

  @Override
  public String toString() {
    return next.entrySet().stream()
        .map(e -> e.getKey() + "-" + e.getValue())
        .collect(Collectors.joining("."));
  }
}
