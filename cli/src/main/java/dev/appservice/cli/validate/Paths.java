package dev.appservice.cli.validate;

/** Field paths as the API server writes them: {@code spec.worker.env[0].name}. */
final class Paths {

  private Paths() {}

  static String field(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  static String index(String path, int index) {
    return path + "[" + index + "]";
  }
}
