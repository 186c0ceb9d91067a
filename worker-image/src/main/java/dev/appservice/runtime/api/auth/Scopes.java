package dev.appservice.runtime.api.auth;

import java.util.Collection;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a caller may do, as scope strings. A route needs one scope; a granted scope covers it when
 * equal, when it is a prefix of it ending at a {@code :} ({@code commands:write} covers {@code
 * commands:write:order.place}), when it ends in {@code *} and the needed scope starts with what
 * precedes the star ({@code commands:write:order.*}), or when it is {@code *} (everything).
 *
 * <p>The scopes the API asks for: {@code commands:write:<type>} to post a command of that type,
 * {@code commands:read} for a command's status, {@code entities:read:<entity>} to read an entity's
 * documents, {@code events:read} for the event stream.
 */
public record Scopes(Set<String> granted) {
  public static final String COMMANDS_READ = "commands:read";
  public static final String EVENTS_READ = "events:read";
  public static final Scopes ALL = new Scopes(Set.of("*"));
  public static final Scopes NONE = new Scopes(Set.of());

  /** A scope name: letters, digits and {@code : . _ - * /}, at most 200 characters. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9:._*/-]{1,200}");

  public Scopes {
    granted = Set.copyOf(granted);
  }

  public static Scopes of(Collection<String> granted) {
    return new Scopes(Set.copyOf(granted));
  }

  public static String commandWrite(String type) {
    return "commands:write:" + type;
  }

  public static String entitiesRead(String entity) {
    return "entities:read:" + entity;
  }

  /** To run the published query {@code name}. */
  public static String queryRead(String name) {
    return "queries:read:" + name;
  }

  public boolean allows(String needed) {
    for (String g : granted) {
      if (g.equals("*")
          || g.equals(needed)
          || needed.startsWith(g + ":")
          || (g.endsWith("*") && needed.startsWith(g.substring(0, g.length() - 1)))) {
        return true;
      }
    }
    return false;
  }
}
