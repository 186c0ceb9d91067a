package dev.appservice.runtime.config;

import dev.appservice.contract.RuntimeEnv;
import java.util.Optional;

/**
 * The API's memory, bounded in bytes: each bound is a setting whose default is a share of the heap,
 * which the JVM sizes from the pod's memory limit. What goes over a bound is refused with 503 and
 * Retry-After (overload is not bad input), never kept.
 *
 * @param recentEventsBytes output events kept for late outcome reads ({@code
 *     API_RECENT_EVENTS_BYTES}, default 1/16 of the heap)
 * @param heldCommandsBytes commands held while partitions are added ({@code
 *     API_HELD_COMMANDS_BYTES}, default 1/8)
 * @param maxEventStreams open SSE streams ({@code API_MAX_EVENT_STREAMS}, default a quarter of the
 *     heap at {@link #STREAM_BYTES} each, 10-1000)
 * @param maxTrackedCommands commands waited for at once ({@code API_MAX_TRACKED_COMMANDS}, default
 *     1/16 of the heap at {@link #TRACKED_COMMAND_BYTES} each, at least 1000)
 * @param producerBufferBytes the producer's {@code buffer.memory}: 1/16 of the heap, at most
 *     Kafka's 32 MiB, at least two records at the limit; when it is full a send waits briefly, then
 *     the command is a 503
 */
public record ApiLimits(
    long recentEventsBytes,
    long heldCommandsBytes,
    int maxEventStreams,
    int maxTrackedCommands,
    long producerBufferBytes) {

  /** What a stream's consumer fetches at most at once (one larger record still comes alone). */
  public static final int STREAM_FETCH_BYTES = 256 * 1024;

  /** The heap a stream may take: its fetch buffer twice over, and the events it encodes. */
  public static final long STREAM_BYTES = 3L * STREAM_FETCH_BYTES;

  /** The heap of one tracked command: its ids, futures and position. */
  public static final long TRACKED_COMMAND_BYTES = 1024;

  static ApiLimits from(Env env, long heap, int maxRecordBytes) {
    int recent =
        env.integer(
            RuntimeEnv.API_RECENT_EVENTS_BYTES,
            Optional.of(share(heap / 16)),
            0,
            Integer.MAX_VALUE);
    int held =
        env.integer(
            RuntimeEnv.API_HELD_COMMANDS_BYTES,
            Optional.of(share(heap / 8)),
            1024 * 1024,
            Integer.MAX_VALUE);
    int streams =
        env.integer(
            RuntimeEnv.API_MAX_EVENT_STREAMS,
            Optional.of((int) Math.clamp(heap / 4 / STREAM_BYTES, 10, 1000)),
            0,
            100_000);
    int tracked =
        env.integer(
            RuntimeEnv.API_MAX_TRACKED_COMMANDS,
            Optional.of((int) Math.clamp(heap / 16 / TRACKED_COMMAND_BYTES, 1000, 1_000_000)),
            1,
            10_000_000);
    long producerBuffer = Math.max(2L * maxRecordBytes, Math.min(32L * 1024 * 1024, heap / 16));
    return new ApiLimits(recent, held, streams, tracked, producerBuffer);
  }

  private static int share(long bytes) {
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }
}
