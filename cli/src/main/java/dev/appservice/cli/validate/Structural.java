package dev.appservice.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the API server does to a custom resource before it validates it, given the CRD's structural
 * schema: drops {@code null}s where the schema does not allow them, drops fields the schema does
 * not declare (reported, as {@code kubectl}'s default strict field validation does) and fills in
 * the schema's defaults.
 */
final class Structural {

  /** The fields every object has whether the schema names them or not. */
  private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private Structural() {}

  /** Prunes and defaults {@code object} in place; unknown fields are added to {@code problems}. */
  static void prepare(JsonNode schema, ObjectNode object, List<Problem> problems) {
    walk(schema, object, "", true, problems);
  }

  private static void walk(
      JsonNode schema, JsonNode node, String path, boolean root, List<Problem> problems) {
    if (node instanceof ObjectNode object) {
      JsonNode properties = schema.get("properties");
      JsonNode additional = schema.get("additionalProperties");
      boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
      for (String name : names(object)) {
        if (root && ROOT_FIELDS.contains(name)) {
          continue;
        }
        JsonNode value = object.get(name);
        JsonNode fieldSchema =
            properties != null && properties.has(name)
                ? properties.get(name)
                : additional != null && additional.isObject() ? additional : null;
        if (fieldSchema == null) {
          if (!preserve && !(additional != null && additional.asBoolean(false))) {
            problems.add(new Problem(Paths.field(path, name), "unknown field"));
            object.remove(name);
          }
          continue;
        }
        if (value.isNull() && !fieldSchema.path("nullable").asBoolean(false)) {
          object.remove(name);
          continue;
        }
        walk(fieldSchema, value, Paths.field(path, name), false, problems);
      }
      if (properties != null) {
        for (String name : names(properties)) {
          JsonNode defaultValue = properties.get(name).get("default");
          if (defaultValue != null && !object.has(name)) {
            object.set(name, defaultValue.deepCopy());
          }
        }
      }
    } else if (node instanceof ArrayNode array && schema.has("items")) {
      for (int i = 0; i < array.size(); i++) {
        walk(schema.get("items"), array.get(i), Paths.index(path, i), false, problems);
      }
    }
  }

  private static List<String> names(JsonNode object) {
    var names = new ArrayList<String>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
