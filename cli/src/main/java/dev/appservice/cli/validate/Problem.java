package dev.appservice.cli.validate;

/**
 * One reason the API server would refuse an object: the field, written as the API server writes it
 * ({@code spec.worker.env[0].name}; empty for the object itself), and what is wrong with it.
 */
public record Problem(String field, String message) {

  @Override
  public String toString() {
    return field.isEmpty() ? message : field + ": " + message;
  }
}
