package dev.appservice.testkit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event on the app's output topic.
 *
 * @param id the CloudEvents id
 * @param type the CloudEvents type, e.g. {@code order.placed}
 * @param subject the entity it is about (its Kafka key)
 * @param commandId the id of the command that caused it
 * @param data its JSON data; null if it has none
 */
public record Event(String id, String type, String subject, String commandId, JsonNode data) {}
