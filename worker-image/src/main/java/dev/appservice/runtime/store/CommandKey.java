package dev.appservice.runtime.store;

/**
 * What identifies a command, as CloudEvents identifies an event: its {@code source} and its {@code
 * id}. Recorded in {@code command_fulfilment.command_id} (and {@code fulfilment_log}) as {@code
 * <source> <id>}: a source is a URI reference, which holds no space, so the first space divides the
 * two. Two callers may use the same id and still have two commands; a command the same source sends
 * again is recognised. Rows written before sources were part of the key hold the id alone.
 */
public final class CommandKey {

  private CommandKey() {}

  public static String of(String source, String id) {
    return source + " " + id;
  }

  /** The command's id ({@code key} itself for a row that holds the id alone). */
  public static String id(String key) {
    int space = key.indexOf(' ');
    return space < 0 ? key : key.substring(space + 1);
  }

  /** The command's source, or null for a row that holds the id alone. */
  public static String source(String key) {
    int space = key.indexOf(' ');
    return space < 0 ? null : key.substring(0, space);
  }
}
