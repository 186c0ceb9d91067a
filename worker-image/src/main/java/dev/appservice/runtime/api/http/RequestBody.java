package dev.appservice.runtime.api.http;

import dev.appservice.runtime.api.problem.Problem;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;

/**
 * A request body, bounded: at most {@link #maxBytes()}, whatever the client claims. The bound
 * follows the record limit: a command's body holds its data and its attributes, and the record it
 * becomes is checked against the limit itself ({@code CommandService}).
 */
public final class RequestBody {
  /** Room for a structured command's attributes and JSON around data at the record limit. */
  static final int ENVELOPE_BYTES = 64 * 1024;

  private final int maxBytes;

  /** How much of an oversized body is read and discarded so that the 413 reaches the client. */
  private final long drainLimit;

  /** Bodies for commands whose records may be at most {@code maxRecordBytes}. */
  public static RequestBody forRecords(int maxRecordBytes) {
    return new RequestBody(maxRecordBytes + ENVELOPE_BYTES);
  }

  RequestBody(int maxBytes) {
    this.maxBytes = maxBytes;
    this.drainLimit = 8L * maxBytes;
  }

  public int maxBytes() {
    return maxBytes;
  }

  /** How long discarding an oversized body may take. */
  static final Duration DRAIN_TIME = Duration.ofSeconds(5);

  /**
   * Reads at most {@link #maxBytes()}, whatever Content-Length claims. A body over the limit is
   * read and discarded up to eight times the limit before the 413 goes out: a server that answers
   * and closes while the client is still sending makes the client's TCP stack drop the answer (a
   * reset instead of the problem document). Beyond that limit the connection is simply closed.
   */
  byte[] read(Context ctx) {
    try {
      InputStream in = ctx.req().getInputStream();
      long declared = ctx.req().getContentLengthLong();
      // A client that waits for "100 Continue" has sent nothing yet: refuse before it does.
      boolean waitsToSend =
          "100-continue".equalsIgnoreCase(Objects.toString(ctx.header("Expect"), "").trim());
      if (declared > maxBytes) {
        drain(in, !waitsToSend && declared <= drainLimit);
        throw tooLarge();
      }
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        drain(in, true);
        throw tooLarge();
      }
      return bytes;
    } catch (IOException e) {
      throw Problem.badRequest("/", "the body could not be read: " + e.getMessage());
    }
  }

  private void drain(InputStream in, boolean worthIt) throws IOException {
    if (!worthIt) {
      return;
    }
    byte[] buffer = new byte[64 * 1024];
    long left = drainLimit;
    long deadline = System.nanoTime() + DRAIN_TIME.toNanos();
    for (int n = in.read(buffer); n >= 0 && left > 0; n = in.read(buffer)) {
      left -= n;
      if (System.nanoTime() > deadline) {
        return; // a slow sender gets its connection closed instead
      }
    }
  }

  private Problem tooLarge() {
    return Problem.tooLarge("the body may hold at most " + maxBytes + " bytes");
  }
}
