package dev.appservice.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks custom resources against their CustomResourceDefinition with no cluster, in the API
 * server's order for a create: nulls and unknown fields pruned (unknown fields reported), defaults
 * applied, the OpenAPI schema checked by a JSON Schema validator (OpenAPI 3.0 dialect), the
 * object's name checked as the API server checks every name, then the CEL rules (skipped, as the
 * API server skips them, while a value has the wrong type).
 */
public final class CrdValidator {

  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  /**
   * Schema errors after which the API server does not evaluate the CEL rules (a value of the wrong
   * type, a missing required field, a value not in an enum): the rules could not read the object.
   */
  private static final Set<String> BLOCKING = Set.of("type", "required", "enum");

  private final String apiVersion;
  private final String kind;
  private final JsonNode openApiSchema;
  private final Schema schema;
  private final CelRules rules = new CelRules();

  private CrdValidator(String apiVersion, String kind, JsonNode openApiSchema) {
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.openApiSchema = openApiSchema;
    this.schema =
        SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30()).getSchema(openApiSchema);
  }

  /** A validator for the one served version of the CRD in {@code crd} (YAML or JSON). */
  public static CrdValidator of(InputStream crd) {
    JsonNode definition;
    try {
      definition = new ObjectMapper(new YAMLFactory()).readTree(crd);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable CustomResourceDefinition", e);
    }
    JsonNode spec = definition.path("spec");
    for (JsonNode version : spec.path("versions")) {
      if (version.path("served").asBoolean() && version.path("storage").asBoolean()) {
        return new CrdValidator(
            spec.path("group").asText() + "/" + version.path("name").asText(),
            spec.path("names").path("kind").asText(),
            version.path("schema").path("openAPIV3Schema"));
      }
    }
    throw new IllegalArgumentException("the CustomResourceDefinition serves no storage version");
  }

  /** The {@code apiVersion} of the objects this validator checks. */
  public String apiVersion() {
    return apiVersion;
  }

  /** The {@code kind} of the objects this validator checks. */
  public String kind() {
    return kind;
  }

  /** Why the API server would refuse to create {@code object}; empty if it would accept it. */
  public List<Problem> validate(JsonNode object) {
    var problems = new ArrayList<Problem>();
    if (!(object instanceof ObjectNode)) {
      return List.of(new Problem("", "not an object"));
    }
    ObjectNode copy = ((ObjectNode) object).deepCopy();
    if (!apiVersion.equals(copy.path("apiVersion").asText())) {
      problems.add(new Problem("apiVersion", "must be " + apiVersion));
    }
    // A create drops the status: the status subresource owns it.
    copy.remove("status");
    Structural.prepare(openApiSchema, copy, problems);
    boolean blocking = false;
    for (Error error : schema.validate(copy)) {
      problems.add(problem(error));
      blocking |= BLOCKING.contains(error.getKeyword());
    }
    metadata(copy.path("metadata"), problems);
    if (blocking) {
      problems.add(
          new Problem(
              "",
              "some validation rules were not checked because the object was invalid; correct"
                  + " the existing errors to complete validation"));
    } else {
      rules.evaluate(openApiSchema, copy, problems);
    }
    return problems;
  }

  /** What the API server requires of every object's name and namespace. */
  private static void metadata(JsonNode metadata, List<Problem> problems) {
    String name = metadata.path("name").asText("");
    if (name.isEmpty()) {
      problems.add(new Problem("metadata.name", "Required value: name is required"));
    } else if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
      problems.add(
          new Problem(
              "metadata.name",
              "Invalid value: \""
                  + name
                  + "\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                  + " characters, '-' or '.', and must start and end with an alphanumeric"
                  + " character"));
    }
    String namespace = metadata.path("namespace").asText("");
    if (!namespace.isEmpty()
        && (namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches())) {
      problems.add(
          new Problem(
              "metadata.namespace",
              "Invalid value: \"" + namespace + "\": a namespace must be a DNS label"));
    }
  }

  private static Problem problem(Error error) {
    String path = path(error.getInstanceLocation());
    if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
      return new Problem(Paths.field(path, error.getProperty()), "Required value");
    }
    JsonNode value = error.getInstanceNode();
    if (value != null && value.isValueNode() && !"type".equals(error.getKeyword())) {
      return new Problem(path, "Invalid value: " + value + ": " + error.getMessage());
    }
    return new Problem(path, error.getMessage());
  }

  private static String path(NodePath location) {
    String path = "";
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      path =
          element instanceof Integer index
              ? Paths.index(path, index)
              : Paths.field(path, String.valueOf(element));
    }
    return path;
  }
}
