package dev.appservice.runtime.config;

import dev.appservice.contract.RuntimeEnv;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Where the materialization database is and how to log in. */
public record DatabaseSettings(String jdbcUrl, String user, String password) {

  static DatabaseSettings from(Env env) {
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
