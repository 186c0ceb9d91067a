package dev.appservice.runtime.spi;

import java.util.Map;
import java.util.Objects;

/**
 * An event a handler wants published to the output topic. The runtime adds the CloudEvents id
 * (derived from the input position), source, time and the {@code commandid} extension.
 *
 * @param type CloudEvents type, e.g. {@code customer.upserted}
 * @param subject the entity the event is about; also the Kafka key, so per-entity order holds
 * @param data the payload (JSON unless {@code dataContentType} says otherwise), may be null
 * @param dataContentType media type of {@code data}
 * @param extensions extra CloudEvents extension attributes (lower-case alphanumeric names)
 */
public record OutputEvent(
    String type,
    String subject,
    byte[] data,
    String dataContentType,
    Map<String, String> extensions) {

  public OutputEvent {
    Objects.requireNonNull(type, "type");
    extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
  }

  /** A JSON event with no extra extensions. */
  public static OutputEvent json(String type, String subject, byte[] data) {
    return new OutputEvent(type, subject, data, "application/json", Map.of());
  }
}
