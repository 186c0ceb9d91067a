package dev.appservice.runtime.api.query;

import dev.appservice.handler.QueryParameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A published query: its SQL with each {@code :name} replaced by a JDBC {@code ?}, and the
 * parameter bound at each {@code ?}. {@code :name} is found outside string literals, quoted
 * identifiers, dollar-quoted strings and comments, and {@code ::} casts are left alone.
 */
record SqlQuery(
    String name,
    String jdbcSql,
    List<QueryParameter> bindings,
    Map<String, QueryParameter> declared) {

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9-]{1,64}");
  static final String LIMIT = "limit";
  private static final Pattern DOLLAR_TAG = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)?\\$");
  private static final Pattern PARAMETER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  static SqlQuery of(String name, String select, QueryParameter... parameters) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "query name '" + name + "': letters, digits and '-', at most 64");
    }
    if (select == null || select.isBlank()) {
      throw new IllegalArgumentException("query '" + name + "' has no SQL");
    }
    var declared = new LinkedHashMap<String, QueryParameter>();
    for (QueryParameter parameter : parameters) {
      if (!PARAMETER.matcher(parameter.name()).matches() || parameter.name().equals(LIMIT)) {
        throw new IllegalArgumentException(
            "query '"
                + name
                + "': parameter '"
                + parameter.name()
                + "' must be a SQL identifier other than 'limit' (every query takes limit)");
      }
      if (declared.putIfAbsent(parameter.name(), parameter) != null) {
        throw new IllegalArgumentException(
            "query '" + name + "': parameter '" + parameter.name() + "' is declared twice");
      }
    }
    var sql = new StringBuilder();
    var bindings = new ArrayList<QueryParameter>();
    Set<String> used = new LinkedHashSet<>();
    int i = 0;
    int n = select.length();
    while (i < n) {
      char c = select.charAt(i);
      int end = skip(name, select, i);
      if (end > i) {
        sql.append(select, i, end);
        i = end;
      } else if (c == ':' && i + 1 < n && select.charAt(i + 1) == ':') {
        sql.append("::");
        i += 2;
      } else if (c == ':' && i + 1 < n && Character.isLetter(select.charAt(i + 1))) {
        int start = i + 1;
        int stop = start;
        while (stop < n
            && (Character.isLetterOrDigit(select.charAt(stop)) || select.charAt(stop) == '_')) {
          stop++;
        }
        String parameter = select.substring(start, stop);
        QueryParameter bound = declared.get(parameter);
        if (bound == null) {
          throw new IllegalArgumentException(
              "query '" + name + "' uses :" + parameter + ", which is not declared");
        }
        used.add(parameter);
        bindings.add(bound);
        sql.append('?');
        i = stop;
      } else {
        if (c == '?') {
          throw new IllegalArgumentException(
              "query '" + name + "': write parameters as :name, not ?");
        }
        sql.append(c);
        i++;
      }
    }
    for (String parameter : declared.keySet()) {
      if (!used.contains(parameter)) {
        throw new IllegalArgumentException(
            "query '" + name + "' declares parameter '" + parameter + "' but does not use it");
      }
    }
    return new SqlQuery(name, sql.toString(), List.copyOf(bindings), Map.copyOf(declared));
  }

  /**
   * The end of the literal, quoted identifier or comment that starts at {@code i}, or {@code i}.
   */
  private static int skip(String name, String sql, int i) {
    char c = sql.charAt(i);
    if (c == '\'' || c == '"') {
      int j = i + 1;
      while (j < sql.length()) {
        if (sql.charAt(j) == c) {
          if (j + 1 < sql.length() && sql.charAt(j + 1) == c) {
            j += 2;
            continue;
          }
          return j + 1;
        }
        j++;
      }
      throw new IllegalArgumentException(
          "query '" + name + "': unterminated " + (c == '\'' ? "string" : "identifier"));
    }
    if (sql.startsWith("--", i)) {
      int j = sql.indexOf('\n', i);
      return j < 0 ? sql.length() : j;
    }
    if (sql.startsWith("/*", i)) {
      int j = sql.indexOf("*/", i + 2);
      if (j < 0) {
        throw new IllegalArgumentException("query '" + name + "': unterminated comment");
      }
      return j + 2;
    }
    if (c == '$') {
      var tag = DOLLAR_TAG.matcher(sql);
      if (tag.find(i) && tag.start() == i) {
        int j = sql.indexOf(tag.group(), tag.end());
        if (j < 0) {
          throw new IllegalArgumentException(
              "query '" + name + "': unterminated dollar-quoted string");
        }
        return j + tag.group().length();
      }
    }
    return i;
  }
}
