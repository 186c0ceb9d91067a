package dev.appservice.runtime.worker;

/** The reason a handler gives for rejecting a command, as it is recorded and shown to callers. */
final class Rejections {
  static final int MAX_LENGTH = 1000;

  private Rejections() {}

  /**
   * The reason, stripped; a blank one is a bug in the handler (an exception, so the event is
   * poison); a long one is cut, so a reason cannot blow up the outcome every waiter reads.
   */
  static String reason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a rejection needs a reason a person can act on");
    }
    String stripped = reason.strip();
    return stripped.length() <= MAX_LENGTH ? stripped : stripped.substring(0, MAX_LENGTH - 1) + "…";
  }
}
