package dev.appservice.kit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fresh directory for the engines' data, removed with everything in it on close. Close it after
 * the engines: a Kafka log or a PostgreSQL data directory is only meaningful together with the
 * other (stored offsets point into the log), so they go together.
 */
public final class WorkDirectory implements AutoCloseable {
  private final Path path;
  private final boolean kept;

  private WorkDirectory(Path path, boolean kept) {
    this.path = path;
    this.kept = kept;
  }

  private WorkDirectory(Path path) {
    this(path, false);
  }

  /**
   * {@code path} (created if missing) as a directory that outlives its engines: close leaves it and
   * everything in it, for a local mode that keeps its data between runs.
   */
  public static WorkDirectory kept(Path path) throws IOException {
    Files.createDirectories(path);
    return new WorkDirectory(path.toAbsolutePath(), true);
  }

  /** Whether the directory is kept on close ({@link #kept}). */
  public boolean isKept() {
    return kept;
  }

  /** A new directory named {@code prefix} plus a random suffix, under {@code parent}. */
  public static WorkDirectory create(Path parent, String prefix) throws IOException {
    Files.createDirectories(parent);
    return new WorkDirectory(Files.createTempDirectory(parent.toAbsolutePath(), prefix));
  }

  /** A new directory under the machine's temporary directory. */
  public static WorkDirectory create(String prefix) throws IOException {
    return new WorkDirectory(Files.createTempDirectory(prefix));
  }

  public Path path() {
    return path;
  }

  public Path resolve(String child) {
    return path.resolve(child);
  }

  @Override
  public void close() throws IOException {
    if (!kept) {
      delete(path);
    }
  }

  /** Removes {@code path} and everything in it, if it exists. */
  public static void delete(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(path)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : paths) {
      Files.deleteIfExists(p);
    }
  }
}
