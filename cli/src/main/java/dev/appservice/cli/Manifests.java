package dev.appservice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The AppService documents of a manifest (multi-document YAML or JSON; others skipped). */
final class Manifests {

  private Manifests() {}

  static List<JsonNode> appServices(Path manifest) throws IOException {
    List<JsonNode> found = documents(manifest, "AppService");
    if (found.isEmpty()) {
      throw new IllegalArgumentException(manifest + " holds no AppService (kind: AppService)");
    }
    return found;
  }

  /** The documents of {@code kind} in a manifest, possibly none; unparsable YAML throws. */
  static List<JsonNode> documents(Path manifest, String kind) throws IOException {
    var found = new ArrayList<JsonNode>();
    try (var documents =
        new ObjectMapper(new YAMLFactory())
            .readerFor(JsonNode.class)
            .readValues(manifest.toFile())) {
      while (documents.hasNextValue()) {
        JsonNode document = (JsonNode) documents.nextValue();
        if (document != null && kind.equals(document.path("kind").asText())) {
          found.add(document);
        }
      }
    }
    return found;
  }
}
