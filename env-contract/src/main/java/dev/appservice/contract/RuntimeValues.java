package dev.appservice.contract;

/** The fixed values of docs/env-contract.md that both the operator and the runtime use. */
public final class RuntimeValues {

  /** {@link RuntimeEnv#APPSERVICE_MODE} of the partition workers (also the image's default). */
  public static final String MODE_WORKER = "worker";

  /** {@link RuntimeEnv#APPSERVICE_MODE} of the HTTP API. */
  public static final String MODE_API = "api";

  /** {@link RuntimeEnv#HANDLER} when unset: the built-in document handler. */
  public static final String DEFAULT_HANDLER = "document";

  /** {@link RuntimeEnv#MANAGEMENT_PORT} when unset, and the port the operator sets and probes. */
  public static final int MANAGEMENT_PORT = 9090;

  /** {@link RuntimeEnv#KAFKA_MAX_RECORD_BYTES} when unset: Kafka's own producer default. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

  /** The smallest {@link RuntimeEnv#KAFKA_MAX_RECORD_BYTES}. */
  public static final int MIN_MAX_RECORD_BYTES = 16 * 1024;

  /** The largest {@link RuntimeEnv#KAFKA_MAX_RECORD_BYTES}. */
  public static final int MAX_MAX_RECORD_BYTES = 8 * 1024 * 1024;

  /**
   * The topics' {@code max.message.bytes} for a record limit: the producer checks a record's
   * uncompressed size against the limit, the broker checks the compressed batch against this, and
   * LZ4 can grow incompressible data by about 0.4%. With 1% and 1 KiB on top, a record the producer
   * lets through is never refused by the broker for its size.
   */
  public static int topicMaxMessageBytes(int maxRecordBytes) {
    return maxRecordBytes + maxRecordBytes / 100 + 1024;
  }

  private RuntimeValues() {}
}
