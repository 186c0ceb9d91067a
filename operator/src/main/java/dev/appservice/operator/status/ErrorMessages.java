package dev.appservice.operator.status;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * A failed reconcile as a sentence or two a person can act on, for a condition message or an Event:
 * what the API server said (it names the object and the field), or the innermost cause's message.
 * Never a stack trace, never more than {@link #MAX} characters.
 */
public final class ErrorMessages {
  static final int MAX = 400;

  private ErrorMessages() {}

  public static String forPeople(Throwable error) {
    String message = null;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getStatus() != null) {
        var status = k.getStatus();
        var details = status.getDetails();
        String object =
            details == null || details.getName() == null
                ? ""
                : " "
                    + (details.getKind() == null ? "" : details.getKind() + "/")
                    + details.getName();
        message =
            "The Kubernetes API refused"
                + object
                + (status.getCode() == null ? "" : " (" + status.getCode() + ")")
                + ": "
                + status.getMessage();
        break;
      }
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    if (message == null) {
      message = "The operator failed (" + error.getClass().getSimpleName() + "); see its log.";
    }
    String line = message.lines().findFirst().orElse("").replaceAll("\\s+", " ").strip();
    return line.length() <= MAX ? line : line.substring(0, MAX - 1) + "…";
  }
}
