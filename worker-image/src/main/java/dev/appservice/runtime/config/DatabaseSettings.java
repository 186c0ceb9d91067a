package dev.appservice.runtime.config;

import dev.appservice.contract.RuntimeEnv;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Where the materialization database is and how to log in. */
public record DatabaseSettings(String jdbcUrl, String user, String password) {

  static final Set<String> SSL_MODES =
      Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  static DatabaseSettings from(Env env) {
    var settings = location(env);
    return settings.withTls(env);
  }

  /**
   * The URL with {@link RuntimeEnv#DATABASE_SSLMODE} and {@link RuntimeEnv#DATABASE_SSLROOTCERT} as
   * its {@code sslmode} and {@code sslrootcert} (replacing the URL's own).
   */
  private DatabaseSettings withTls(Env env) {
    Optional<String> mode = env.optional(RuntimeEnv.DATABASE_SSLMODE);
    Optional<String> rootCert = env.optional(RuntimeEnv.DATABASE_SSLROOTCERT);
    String url = jdbcUrl;
    if (mode.isPresent()) {
      if (!SSL_MODES.contains(mode.get())) {
        env.problem(
            RuntimeEnv.DATABASE_SSLMODE
                + " must be one of "
                + new TreeSet<>(SSL_MODES)
                + ", got '"
                + mode.get()
                + "'");
        return this;
      }
      url = withParameter(url, "sslmode", mode.get());
    }
    if (rootCert.isPresent() && Files.isReadable(Path.of(rootCert.get()))) {
      url = withParameter(url, "sslrootcert", rootCert.get());
    } else if (rootCert.isPresent() && mode.filter(m -> m.startsWith("verify-")).isPresent()) {
      env.problem(
          RuntimeEnv.DATABASE_SSLROOTCERT
              + " names no readable file ('"
              + rootCert.get()
              + "'), and "
              + RuntimeEnv.DATABASE_SSLMODE
              + "="
              + mode.get()
              + " needs the CA to verify the server");
      return this;
    }
    return new DatabaseSettings(url, user, password);
  }

  /** Sets one query parameter of a JDBC URL, replacing any of the same name. */
  static String withParameter(String url, String name, String value) {
    int q = url.indexOf('?');
    String base = q < 0 ? url : url.substring(0, q);
    var parameters = new ArrayList<String>();
    if (q >= 0) {
      for (String p : url.substring(q + 1).split("&")) {
        if (!p.isEmpty() && !p.startsWith(name + "=") && !p.equals(name)) {
          parameters.add(p);
        }
      }
    }
    parameters.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    return base + "?" + String.join("&", parameters);
  }

  private static DatabaseSettings location(Env env) {
    Optional<String> url = env.optional(RuntimeEnv.DATABASE_URL);
    if (url.isPresent()) {
      return fromUrl(env, url.get());
    }
    String host = env.required(RuntimeEnv.DATABASE_HOST);
    int port = env.integer(RuntimeEnv.DATABASE_PORT, Optional.of(5432), 1, 65535);
    String name = env.required(RuntimeEnv.DATABASE_NAME);
    String user = env.required(RuntimeEnv.DATABASE_USER);
    String password = env.required(RuntimeEnv.DATABASE_PASSWORD);
    return new DatabaseSettings(
        "jdbc:postgresql://" + host + ":" + port + "/" + name, user, password);
  }

  private static DatabaseSettings fromUrl(Env env, String url) {
    if (url.startsWith("jdbc:postgresql:")) {
      return new DatabaseSettings(
          url, env.required(RuntimeEnv.DATABASE_USER), env.required(RuntimeEnv.DATABASE_PASSWORD));
    }
    try {
      URI uri = new URI(url);
      if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
        env.problem(
            RuntimeEnv.DATABASE_URL
                + " must start with postgresql:// or jdbc:postgresql://, got scheme '"
                + uri.getScheme()
                + "'");
        return new DatabaseSettings("", "", "");
      }
      if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
        env.problem(
            RuntimeEnv.DATABASE_URL + " must name a host and a database (postgresql://host/db)");
        return new DatabaseSettings("", "", "");
      }
      String[] userInfo = Optional.ofNullable(uri.getRawUserInfo()).orElse("").split(":", 2);
      String user =
          userInfo[0].isEmpty() ? env.required(RuntimeEnv.DATABASE_USER) : decode(userInfo[0]);
      String password =
          userInfo.length > 1 ? decode(userInfo[1]) : env.required(RuntimeEnv.DATABASE_PASSWORD);
      String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
      String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
      return new DatabaseSettings(
          "jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query, user, password);
    } catch (URISyntaxException e) {
      // getReason(), not getMessage(): the message repeats the input, which may hold a password.
      env.problem(
          RuntimeEnv.DATABASE_URL
              + " is not a valid URL: "
              + e.getReason()
              + " at index "
              + e.getIndex());
      return new DatabaseSettings("", "", "");
    }
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "DatabaseSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***]";
  }
}
