package dev.appservice.runtime.worker;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Tells failures of the infrastructure (retry, never skip) from failures of one event (poison). */
final class Failures {
  private Failures() {}

  static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException sql && transientState(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Connection errors (08), admin shutdown and crash recovery (57P), resource exhaustion (53),
   * serialization failures and deadlocks (40001, 40P01): the same event may well succeed later.
   */
  private static boolean transientState(String state) {
    if (state == null) {
      return false;
    }
    return state.startsWith("08")
        || state.startsWith("57P")
        || state.startsWith("53")
        || state.equals("40001")
        || state.equals("40P01");
  }

  static String describe(Throwable failure) {
    String message = failure.getMessage();
    return failure.getClass().getName() + (message == null ? "" : ": " + message);
  }
}
