package dev.appservice.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code x-kubernetes-validations} rules of a CRD's schema, evaluated by CEL for Java the way
 * the API server evaluates them on create: each rule where its value is present, with {@code self}
 * bound to that value (object properties as fields, CEL keywords escaped as {@code __name__}; at
 * the root only {@code metadata.name} and {@code metadata.generateName}). Transition rules (those
 * that read {@code oldSelf}) only run on updates, so they are not evaluated here.
 *
 * <p>Of the Kubernetes CEL library, {@code isQuantity} is provided, with the CEL strings extension;
 * a rule that calls another Kubernetes function is reported as a rule that cannot be compiled.
 */
final class CelRules {

  private static final Set<String> CEL_KEYWORDS =
      Set.of(
          "true",
          "false",
          "null",
          "in",
          "as",
          "break",
          "const",
          "continue",
          "else",
          "for",
          "function",
          "if",
          "import",
          "let",
          "loop",
          "package",
          "namespace",
          "return",
          "var",
          "void",
          "while");

  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addLibraries(CelExtensions.strings())
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .addFunctionDeclarations(
              CelFunctionDecl.newFunctionDeclaration(
                  "isQuantity",
                  CelOverloadDecl.newGlobalOverload(
                      "is_quantity_string", SimpleType.BOOL, SimpleType.STRING)))
          .build();

  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .addLibraries(CelExtensions.strings())
          .addFunctionBindings(
              CelFunctionBinding.from("is_quantity_string", String.class, Quantities::isQuantity))
          .build();

  /** A compiled rule, or why it does not compile. */
  private record Compiled(CelRuntime.Program program, boolean transition, String error) {}

  private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

  /** Adds to {@code problems} every rule under {@code schema} that {@code node} breaks. */
  void evaluate(JsonNode schema, JsonNode node, List<Problem> problems) {
    walk(schema, node, "", true, problems);
  }

  private void walk(
      JsonNode schema, JsonNode node, String path, boolean root, List<Problem> problems) {
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      check(rule, schema, node, path, root, problems);
    }
    if (node.isObject()) {
      JsonNode properties = schema.get("properties");
      JsonNode additional = schema.get("additionalProperties");
      node.fields()
          .forEachRemaining(
              field -> {
                JsonNode fieldSchema =
                    properties != null && properties.has(field.getKey())
                        ? properties.get(field.getKey())
                        : additional != null && additional.isObject() ? additional : null;
                if (fieldSchema != null && !(root && field.getKey().equals("metadata"))) {
                  walk(
                      fieldSchema,
                      field.getValue(),
                      Paths.field(path, field.getKey()),
                      false,
                      problems);
                }
              });
    } else if (node.isArray() && schema.has("items")) {
      for (int i = 0; i < node.size(); i++) {
        walk(schema.get("items"), node.get(i), Paths.index(path, i), false, problems);
      }
    }
  }

  private void check(
      JsonNode rule,
      JsonNode schema,
      JsonNode node,
      String path,
      boolean root,
      List<Problem> problems) {
    String expression = rule.path("rule").asText();
    Compiled program = compiled.computeIfAbsent(expression, CelRules::compile);
    String field = path;
    if (rule.hasNonNull("fieldPath")) {
      String relative = rule.get("fieldPath").asText();
      field = path + (relative.startsWith(".") || path.isEmpty() ? relative : "." + relative);
      field = field.startsWith(".") ? field.substring(1) : field;
    }
    if (program.error() != null) {
      problems.add(new Problem(field, "the rule " + quote(expression) + " " + program.error()));
      return;
    }
    if (program.transition()) {
      return;
    }
    Object self = value(schema, node, root);
    try {
      Object result = program.program().eval(Map.of("self", self));
      if (!Boolean.TRUE.equals(result)) {
        problems.add(new Problem(field, message(rule, self, expression)));
      }
    } catch (CelEvaluationException e) {
      problems.add(
          new Problem(field, "the rule " + quote(expression) + " failed: " + e.getMessage()));
    }
  }

  private String message(JsonNode rule, Object self, String expression) {
    if (rule.hasNonNull("messageExpression")) {
      Compiled program =
          compiled.computeIfAbsent(rule.get("messageExpression").asText(), CelRules::compile);
      if (program.program() != null) {
        try {
          Object text = program.program().eval(Map.of("self", self));
          if (text instanceof String message && !message.isBlank()) {
            return message;
          }
        } catch (CelEvaluationException e) {
          // The API server falls back to the message (or the rule) too.
        }
      }
    }
    if (rule.hasNonNull("message")) {
      return rule.get("message").asText();
    }
    return "failed rule: " + expression;
  }

  private static Compiled compile(String expression) {
    try {
      CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
      boolean transition =
          ast.getReferenceMap().values().stream()
              .anyMatch(reference -> "oldSelf".equals(reference.name()));
      return new Compiled(RUNTIME.createProgram(ast), transition, null);
    } catch (CelValidationException e) {
      return new Compiled(null, false, "does not compile: " + e.getMessage());
    } catch (CelEvaluationException e) {
      return new Compiled(null, false, "cannot be planned: " + e.getMessage());
    }
  }

  /** The CEL value of {@code node}, typed by its schema. */
  private static Object value(JsonNode schema, JsonNode node, boolean root) {
    if (node.isObject()) {
      JsonNode properties = schema.get("properties");
      var map = new LinkedHashMap<String, Object>();
      node.fields()
          .forEachRemaining(
              field -> {
                String name = field.getKey();
                if (properties != null && properties.has(name)) {
                  map.put(escape(name), value(properties.get(name), field.getValue(), false));
                } else if (root && name.equals("metadata")) {
                  map.put(name, metadata(field.getValue()));
                } else if (root && (name.equals("apiVersion") || name.equals("kind"))) {
                  map.put(name, field.getValue().asText());
                } else {
                  JsonNode additional = schema.path("additionalProperties");
                  map.put(name, value(additional, field.getValue(), false));
                }
              });
      return map;
    }
    if (node.isArray()) {
      var list = new ArrayList<>();
      node.forEach(item -> list.add(value(schema.path("items"), item, false)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isNull()) {
      return dev.cel.common.values.NullValue.NULL_VALUE;
    }
    return node.asText();
  }

  /** At the root, rules see only the name and generateName of the object's metadata. */
  private static Map<String, Object> metadata(JsonNode metadata) {
    var visible = new LinkedHashMap<String, Object>();
    for (String name : List.of("name", "generateName")) {
      if (metadata.hasNonNull(name)) {
        visible.put(name, metadata.get(name).asText());
      }
    }
    return visible;
  }

  /** How the API server names a property in CEL: keywords and {@code _ . - /} are escaped. */
  static String escape(String name) {
    if (CEL_KEYWORDS.contains(name)) {
      return "__" + name + "__";
    }
    return name.replace("__", "__underscores__")
        .replace(".", "__dot__")
        .replace("-", "__dash__")
        .replace("/", "__slash__");
  }

  private static String quote(String expression) {
    return "'" + expression + "'";
  }
}
