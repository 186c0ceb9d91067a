package dev.appservice.runtime.api.http;

import dev.appservice.runtime.api.problem.Problem;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;

/** A request body, bounded: at most {@link #MAX_BODY_BYTES}, whatever the client claims. */
public final class RequestBody {
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  /** How much of an oversized body is read and discarded so that the 413 reaches the client. */
  static final long DRAIN_LIMIT = 8L * MAX_BODY_BYTES;

  /** How long discarding an oversized body may take. */
  static final Duration DRAIN_TIME = Duration.ofSeconds(5);

  /**
   * Reads at most {@link #MAX_BODY_BYTES}, whatever Content-Length claims. A body over the limit is
   * read and discarded up to {@link #DRAIN_LIMIT} before the 413 goes out: a server that answers
   * and closes while the client is still sending makes the client's TCP stack drop the answer (a
   * reset instead of the problem document). Beyond that limit the connection is simply closed.
   */
  static byte[] read(Context ctx) {
    try {
      InputStream in = ctx.req().getInputStream();
      long declared = ctx.req().getContentLengthLong();
      // A client that waits for "100 Continue" has sent nothing yet: refuse before it does.
      boolean waitsToSend =
          "100-continue".equalsIgnoreCase(Objects.toString(ctx.header("Expect"), "").trim());
      if (declared > MAX_BODY_BYTES) {
        drain(in, !waitsToSend && declared <= DRAIN_LIMIT);
        throw tooLarge();
      }
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        drain(in, true);
        throw tooLarge();
      }
      return bytes;
    } catch (IOException e) {
      throw Problem.badRequest("/", "the body could not be read: " + e.getMessage());
    }
  }

  private static void drain(InputStream in, boolean worthIt) throws IOException {
    if (!worthIt) {
      return;
    }
    byte[] buffer = new byte[64 * 1024];
    long left = DRAIN_LIMIT;
    long deadline = System.nanoTime() + DRAIN_TIME.toNanos();
    for (int n = in.read(buffer); n >= 0 && left > 0; n = in.read(buffer)) {
      left -= n;
      if (System.nanoTime() > deadline) {
        return; // a slow sender gets its connection closed instead
      }
    }
  }

  private static Problem tooLarge() {
    return new Problem(
        413,
        "too-large",
        "Content too large",
        "the body may hold at most " + MAX_BODY_BYTES + " bytes",
        null);
  }

  private RequestBody() {}
}
