package dev.appservice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code appservice init NAME}: a handler project that builds and passes its tests as made: a
 * handler on the handler API, its test on the test kit, its AppService manifest, and the Jib
 * configuration that layers it onto the runtime image, on the versions this CLI was built with.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "Makes a handler project in directory NAME: a handler (item.create, rejecting an item"
            + " without a title), its tests on the test kit, its AppService manifest and its image"
            + " build. Then: mvn verify; appservice dev -f NAME/appservice.yaml --handler"
            + " NAME/target/NAME-handler-0.1.0-SNAPSHOT.jar.")
final class Init implements Callable<Integer> {
  /** An AppService name that also makes a Java package and a Maven artifact. */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,30}(-[a-z0-9]{1,30}){0,3}");

  @Parameters(paramLabel = "NAME", description = "The app service's name, e.g. orders.")
  String name;

  @Option(
      names = "--package",
      description = "Java package of the handler. Default: com.example.<name without dashes>.")
  String javaPackage;

  @Option(
      names = "--namespace",
      defaultValue = "shop",
      description =
          "Namespace the manifest's topics are named after (the operator's default topic policy)."
              + " Default: ${DEFAULT-VALUE}.")
  String namespace;

  @Option(
      names = {"-d", "--directory"},
      description = "Where to make the project. Default: ./NAME.")
  Path directory;

  @Override
  public Integer call() throws IOException {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'"
              + name
              + "' cannot name an app service and its handler: use lower-case letters and digits,"
              + " words joined by single dashes, starting with a letter (e.g. orders, order-book)");
    }
    String pkg = javaPackage != null ? javaPackage : "com.example." + name.replace("-", "");
    Path root = directory != null ? directory : Path.of(name);
    if (Files.exists(root) && !isEmptyDirectory(root)) {
      throw new IllegalArgumentException(root + " exists and is not empty: nothing was written");
    }
    String className = className(name);
    Map<String, String> values = new LinkedHashMap<>(versions());
    values.put("name", name);
    values.put("package", pkg);
    values.put("Class", className);
    values.put("namespace", namespace);
    Path sources = root.resolve("src/main/java").resolve(pkg.replace('.', '/'));
    Path tests = root.resolve("src/test/java").resolve(pkg.replace('.', '/'));
    write(root.resolve("pom.xml"), "pom.xml.template", values);
    write(root.resolve("appservice.yaml"), "appservice.yaml.template", values);
    write(sources.resolve(className + ".java"), "Handler.java.template", values);
    write(tests.resolve(className + "Test.java"), "HandlerTest.java.template", values);
    Path services = root.resolve("src/main/resources/META-INF/services");
    Files.createDirectories(services);
    Files.writeString(
        services.resolve("dev.appservice.handler.AppHandler"), pkg + "." + className + "\n");
    Files.writeString(root.resolve(".gitignore"), "target/\n.appservice/\n");
    System.out.printf(
        "Made %s: handler %s.%s. Next:%n  cd %s && mvn verify%n"
            + "  appservice dev -f appservice.yaml --handler target/%s-handler-0.1.0-SNAPSHOT.jar%n",
        root, pkg, className, root, name);
    return 0;
  }

  /** orders -> Orders, order-book -> OrderBook. */
  static String className(String name) {
    StringBuilder out = new StringBuilder();
    for (String word : name.split("-")) {
      out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return out.toString();
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /** The versions this CLI was built with: the project's and the build plugins'. */
  private static Map<String, String> versions() {
    Properties properties = new Properties();
    try (InputStream in = Init.class.getResourceAsStream("version.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> values = new LinkedHashMap<>();
    properties.forEach((k, v) -> values.put(k.toString(), v.toString()));
    values.put("appservice.version", properties.getProperty("version"));
    return values;
  }

  private static void write(Path target, String template, Map<String, String> values)
      throws IOException {
    String text;
    try (InputStream in = Init.class.getResourceAsStream("init/" + template)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (var value : values.entrySet()) {
      text = text.replace("@" + value.getKey() + "@", value.getValue());
    }
    Files.createDirectories(target.getParent());
    Files.writeString(target, text);
  }
}
