package dev.appservice.runtime.api.http;

import dev.appservice.runtime.api.problem.Problem;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The SSE event id: for every output partition, the offset to read next. An id names the exact
 * position after its event on all partitions, so a client that resumes with {@code Last-Event-ID}
 * gets every later event once, with no gap and no repeat.
 *
 * <p>Written compactly, as {@code 1.} and base64url of varints: for each partition with a position
 * above 0 (a partition not named is read from its beginning), the step from the previous partition
 * number and the difference from the previous partition's offset. Partitions of one topic hold
 * about as many events each, so the differences are small: about 3-4 characters per partition, a
 * third of the older {@code 0-42.1-17} form, which is still read.
 */
record StreamCursor(Map<Integer, Long> next) {
  static final String VERSION = "1.";

  /** Longer ids are refused; the API reads request headers of up to 16 KiB. */
  static final int MAX_CHARS = 12 * 1024;

  private static final Pattern OLD_FORMAT =
      Pattern.compile("\\d{1,6}-\\d{1,18}(\\.\\d{1,6}-\\d{1,18})*");
  private static final Pattern COMPACT = Pattern.compile("1\\.[A-Za-z0-9_-]*");

  StreamCursor {
    next = new TreeMap<>(next);
  }

  static StreamCursor parse(String field, String text) {
    if (text.length() > MAX_CHARS) {
      throw notOurs(field);
    }
    if (COMPACT.matcher(text).matches()) {
      return decode(field, text.substring(VERSION.length()));
    }
    if (!OLD_FORMAT.matcher(text).matches()) {
      throw notOurs(field);
    }
    Map<Integer, Long> next = new TreeMap<>();
    for (String part : text.split("\\.")) {
      int dash = part.indexOf('-');
      next.put(Integer.parseInt(part.substring(0, dash)), Long.parseLong(part.substring(dash + 1)));
    }
    return new StreamCursor(next);
  }

  StreamCursor advanced(int partition, long offset) {
    Map<Integer, Long> copy = new TreeMap<>(next);
    copy.put(partition, offset + 1);
    return new StreamCursor(copy);
  }

  @Override
  public String toString() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int previousPartition = -1;
    long previousOffset = 0;
    for (Map.Entry<Integer, Long> e : next.entrySet()) {
      if (e.getValue() <= 0) {
        continue; // read from the beginning anyway
      }
      writeVarLong(bytes, e.getKey() - previousPartition);
      writeVarLong(bytes, zigzag(e.getValue() - previousOffset));
      previousPartition = e.getKey();
      previousOffset = e.getValue();
    }
    return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
  }

  private static StreamCursor decode(String field, String base64) {
    ByteBuffer in;
    try {
      in = ByteBuffer.wrap(Base64.getUrlDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      throw notOurs(field);
    }
    Map<Integer, Long> next = new TreeMap<>();
    long partition = -1;
    long offset = 0;
    try {
      while (in.hasRemaining()) {
        long step = readVarLong(in);
        partition += step;
        offset += unzigzag(readVarLong(in));
        if (step < 1 || partition > 999_999 || offset < 1) {
          throw notOurs(field);
        }
        next.put((int) partition, offset);
      }
    } catch (BufferUnderflowException | ArithmeticException e) {
      throw notOurs(field);
    }
    return new StreamCursor(next);
  }

  private static Problem notOurs(String field) {
    return Problem.badRequest(field, "not an event id issued by this stream");
  }

  private static long zigzag(long n) {
    return (n << 1) ^ (n >> 63);
  }

  private static long unzigzag(long n) {
    return (n >>> 1) ^ -(n & 1);
  }

  private static void writeVarLong(ByteArrayOutputStream out, long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static long readVarLong(ByteBuffer in) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.get();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new ArithmeticException("varint too long");
  }
}
