package dev.appservice.handler;

import java.util.Objects;
import java.util.Optional;

/**
 * A parameter of a published query ({@link Queries#sql}): its name in the SQL ({@code :name}) and
 * in the query string, the SQL type it is bound as, and the value used when the caller gives none
 * (empty: the caller must give it).
 */
public record QueryParameter(String name, Type type, Optional<String> defaultValue) {

  /** How a parameter's text is bound. */
  public enum Type {
    /** As a {@code text} value. */
    TEXT,
    /** As a {@code bigint}: an optional sign and digits. */
    INTEGER,
    /** As a {@code numeric}: a decimal number. */
    NUMBER,
    /** As a {@code boolean}: {@code true} or {@code false}. */
    BOOLEAN
  }

  public QueryParameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaultValue, "defaultValue");
  }

  /** A required text parameter. */
  public static QueryParameter text(String name) {
    return new QueryParameter(name, Type.TEXT, Optional.empty());
  }

  /** A text parameter with a default. */
  public static QueryParameter text(String name, String defaultValue) {
    return new QueryParameter(name, Type.TEXT, Optional.of(defaultValue));
  }

  /** A required integer parameter. */
  public static QueryParameter integer(String name) {
    return new QueryParameter(name, Type.INTEGER, Optional.empty());
  }

  /** An integer parameter with a default. */
  public static QueryParameter integer(String name, long defaultValue) {
    return new QueryParameter(name, Type.INTEGER, Optional.of(Long.toString(defaultValue)));
  }

  /** A required decimal parameter. */
  public static QueryParameter number(String name) {
    return new QueryParameter(name, Type.NUMBER, Optional.empty());
  }

  /** A required boolean parameter. */
  public static QueryParameter bool(String name) {
    return new QueryParameter(name, Type.BOOLEAN, Optional.empty());
  }
}
