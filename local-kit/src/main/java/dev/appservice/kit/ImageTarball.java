package dev.appservice.kit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * An image as {@code jib:buildTar} writes it (a {@code docker save} tarball): its manifest, its
 * configuration and the files of each layer, read with just enough of the tar format (regular files
 * and GNU long names). For tests that check an image without a container engine.
 *
 * @param manifest {@code manifest.json}, as text
 * @param config the image configuration, as text
 * @param layers the files of each layer, in order, by path without a leading {@code /}
 */
public record ImageTarball(String manifest, String config, List<Map<String, byte[]>> layers) {
  private static final Pattern CONFIG = Pattern.compile("\"Config\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern LAYERS = Pattern.compile("\"Layers\"\\s*:\\s*\\[([^\\]]*)]");
  private static final Pattern STRING = Pattern.compile("\"([^\"]+)\"");

  public static ImageTarball read(Path tarball) throws IOException {
    Map<String, byte[]> entries;
    try (InputStream in = Files.newInputStream(tarball)) {
      entries = tar(in);
    }
    String manifest = new String(entries.get("manifest.json"), StandardCharsets.UTF_8);
    String config =
        new String(entries.get(find(CONFIG, manifest, tarball)), StandardCharsets.UTF_8);
    List<Map<String, byte[]>> layers = new ArrayList<>();
    Matcher names = STRING.matcher(find(LAYERS, manifest, tarball));
    while (names.find()) {
      try (InputStream in =
          new GZIPInputStream(new ByteArrayInputStream(entries.get(names.group(1))))) {
        layers.add(tar(in));
      }
    }
    return new ImageTarball(manifest, config, layers);
  }

  /** Every file of the image, later layers over earlier ones. */
  public Map<String, byte[]> files() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    layers.forEach(files::putAll);
    return files;
  }

  /**
   * Writes every file of the image under {@code root}, as a container would see them under {@code
   * /}, and returns a Java argument file holding the image's Jib class path ({@code
   * /app/jib-classpath-file}) pointed at {@code root}: run {@code java -cp @<it> <main>}.
   */
  public Path unpack(Path root) throws IOException {
    for (Map.Entry<String, byte[]> file : files().entrySet()) {
      Path target = root.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.write(target, file.getValue());
    }
    String classPath =
        Files.readString(root.resolve("app/jib-classpath-file"))
            .trim()
            .replace("/app/", root.resolve("app") + "/");
    return Files.writeString(root.resolve("classpath-arg"), classPath);
  }

  private static String find(Pattern pattern, String manifest, Path tarball) {
    Matcher m = pattern.matcher(manifest);
    if (!m.find()) {
      throw new IllegalArgumentException(tarball + " has no image manifest: " + manifest);
    }
    return m.group(1);
  }

  /** The regular files of a tar stream, by name. */
  public static Map<String, byte[]> tar(InputStream in) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    byte[] header = new byte[512];
    String longName = null;
    while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
      String name = longName != null ? longName : field(header, 0, 100);
      longName = null;
      String prefix = field(header, 345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
      String size = field(header, 124, 12).trim();
      long length = size.isEmpty() ? 0 : Long.parseLong(size, 8);
      byte type = header[156];
      byte[] content = in.readNBytes((int) length);
      in.skipNBytes((512 - length % 512) % 512);
      if (type == 'L') {
        longName = new String(content, StandardCharsets.UTF_8).trim();
      } else if (type == '0' || type == 0) {
        files.put(name.startsWith("./") ? name.substring(2) : name, content);
      }
    }
    return files;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }
}
