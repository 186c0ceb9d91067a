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

  private RuntimeValues() {}
}
