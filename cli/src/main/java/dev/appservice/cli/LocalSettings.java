package dev.appservice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * What the local mode runs: the parts of an AppService that matter without a cluster (name,
 * partitions, topics, handler, API port, the origins a browser UI may call the API from). Kafka
 * authentication, database mode, images and replicas of a manifest are ignored: locally there is
 * one embedded broker and one embedded PostgreSQL.
 */
public record LocalSettings(
    String name,
    int partitions,
    String inputTopic,
    String outputTopic,
    String handler,
    int port,
    List<String> corsAllowedOrigins) {

  public LocalSettings {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
  }

  /** The app service the local mode runs when no manifest is given. */
  public static LocalSettings defaults(String name, int partitions, int port) {
    return new LocalSettings(
        name, partitions, name + ".commands", name + ".events", "document", port, List.of());
  }

  /**
   * Reads the AppService of a manifest (e.g. examples/customers.yaml, where a Secret comes first);
   * the port is the local one.
   */
  public static LocalSettings fromManifest(Path manifest, int port) throws IOException {
    List<JsonNode> apps = Manifests.appServices(manifest);
    if (apps.size() > 1) {
      throw new IllegalArgumentException(manifest + " holds more than one AppService");
    }
    JsonNode root = apps.getFirst();
    String name = required(root, manifest, "metadata", "name").asText();
    JsonNode spec = root.path("spec");
    return new LocalSettings(
        name,
        required(root, manifest, "spec", "partitions").asInt(),
        required(root, manifest, "spec", "input", "topic").asText(),
        required(root, manifest, "spec", "output", "topic").asText(),
        spec.path("worker").path("handler").asText("document"),
        port,
        StreamSupport.stream(spec.path("api").path("corsAllowedOrigins").spliterator(), false)
            .map(JsonNode::asText)
            .toList());
  }

  private static JsonNode required(JsonNode root, Path manifest, String... path) {
    JsonNode node = root;
    for (String field : path) {
      node = node.path(field);
    }
    if (node.isMissingNode() || node.isNull() || node.asText().isBlank()) {
      throw new IllegalArgumentException(manifest + ": " + String.join(".", path) + " is required");
    }
    return node;
  }
}
