package dev.appservice.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Handler jars that join the runtime's class path without rebuilding the runtime image: every
 * {@code .jar} under {@value #DIRECTORY} (at most three directories deep, e.g. the {@code
 * /app/handlers/<name>/classpath/<jar>} a Jib build with {@code appRoot /app/handlers/<name>}
 * writes) is loaded by a class loader under the runtime's, which becomes the context class loader:
 * ServiceLoader finds handlers there, Flyway their migrations, Jackson their data types. A handler
 * jar brings its own dependencies beside it; the runtime's (the handler API, Jackson) are shared.
 * The JVM system property {@value #DIRECTORY_PROPERTY} names another directory.
 */
public final class HandlerJars {
  public static final String DIRECTORY = "/app/handlers";

  /**
   * A JVM system property that moves {@link #DIRECTORY}, e.g. to run the image's layers unpacked.
   */
  static final String DIRECTORY_PROPERTY = "appservice.handlers.dir";

  private HandlerJars() {}

  /** The jars under {@code directory}, sorted by path; none if it does not exist. */
  static List<Path> find(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(directory, 3)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the handler jars in " + directory, e);
    }
  }

  /**
   * Makes the jars under {@code directory} the current thread's context class loader (threads it
   * starts inherit it); does nothing if there are none.
   *
   * @return the jars loaded
   */
  public static List<Path> install(Path directory) {
    List<Path> jars = find(directory);
    if (jars.isEmpty()) {
      return jars;
    }
    URL[] urls = jars.stream().map(HandlerJars::url).toArray(URL[]::new);
    Thread.currentThread()
        .setContextClassLoader(
            new URLClassLoader("handlers", urls, RuntimeMain.class.getClassLoader()));
    return jars;
  }

  /**
   * Makes {@code entries} the current thread's context class loader, under the runtime's: each a
   * jar, a directory of classes, or a directory holding jars (the jars under it, as in {@link
   * #find}). For the local mode's {@code --handler}.
   *
   * @throws IllegalArgumentException if an entry does not exist
   */
  public static void install(List<Path> entries) {
    List<URL> urls = new java.util.ArrayList<>();
    for (Path entry : entries) {
      if (!Files.exists(entry)) {
        throw new IllegalArgumentException("handler " + entry + " does not exist");
      }
      List<Path> jars = Files.isDirectory(entry) ? find(entry) : List.of(entry);
      if (jars.isEmpty()) {
        urls.add(url(entry)); // a directory of classes
      } else {
        jars.forEach(jar -> urls.add(url(jar)));
      }
    }
    if (!urls.isEmpty()) {
      Thread.currentThread()
          .setContextClassLoader(
              new URLClassLoader(
                  "handlers", urls.toArray(URL[]::new), RuntimeMain.class.getClassLoader()));
    }
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(jar.toString(), e);
    }
  }
}
