package dev.appservice.runtime.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Just enough of the tar format to read image tarballs and their layers (regular files only). */
public final class Tar {
  private Tar() {}

  public static Map<String, byte[]> read(InputStream in) throws IOException {
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
      long size =
          Long.parseLong(
              field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
      byte type = header[156];
      byte[] content = in.readNBytes((int) size);
      in.skipNBytes((512 - size % 512) % 512);
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

  public static byte[] readAllBytes(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }
}
