package dev.appservice.runtime.store;

import java.sql.SQLException;

/**
 * PostgreSQL's "too many clients": the server is at {@code max_connections}. Retrying is right (a
 * slot frees up when a pod goes away), but silently retrying hides a budget that is too small, so
 * the worker and the API count it, say what it means, and stay not ready.
 */
public final class ConnectionRefusals {
  /** {@code too_many_connections}. */
  public static final String SQL_STATE = "53300";

  public static final String EXPLANATION =
      "PostgreSQL refuses more connections (SQLState 53300, too many clients: max_connections is"
          + " reached). The operator sizes a CloudNativePG cluster's max_connections from"
          + " spec.partitions and spec.api.replicas; for an external database, its"
          + " max_connections or spec.database.external.maxConnections must grow with them";

  private ConnectionRefusals() {}

  public static boolean tooManyClients(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && SQL_STATE.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
