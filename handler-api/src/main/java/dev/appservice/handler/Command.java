package dev.appservice.handler;

import java.time.Instant;
import java.util.Optional;

/**
 * A command as its handler gets it: the CloudEvent's attributes and its data bound to the declared
 * type.
 *
 * @param id the CloudEvents id; with {@code source}, what makes the command unique
 * @param source the CloudEvents source (the API sets it from the caller)
 * @param type the CloudEvents type, e.g. {@code order.place}
 * @param subject the entity the command is about, if it names one
 * @param time when the command was posted, if it says
 * @param caller who posted it through the HTTP API; empty for a command written to Kafka directly
 * @param data the data, bound to the declared type; null if the command has none
 */
public record Command<T>(
    String id,
    String source,
    String type,
    String subject,
    Optional<Instant> time,
    Optional<Caller> caller,
    T data) {}
