package dev.appservice.runtime.api.command;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.appservice.runtime.api.problem.Identifiers;
import dev.appservice.runtime.api.problem.Problem;
import dev.appservice.runtime.store.CommandKey;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a POSTed body into a command ready to produce, or a 4xx {@link Problem} naming the field.
 * Two shapes are accepted: a structured CloudEvent ({@code application/cloudevents+json}, or any
 * JSON object with {@code specversion}) and a plain {@code {type, subject, data, id?}} object.
 * Everything the worker would dead-letter for a reason visible here is rejected here, so bad input
 * never reaches the topic.
 */
public final class CommandParser {
  private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,20}");
  private static final Set<String> PLAIN_FIELDS = Set.of("id", "type", "subject", "data");
  private static final Set<String> CE_ATTRIBUTES =
      Set.of(
          "specversion",
          "id",
          "source",
          "type",
          "subject",
          "time",
          "datacontenttype",
          "dataschema",
          "data",
          "data_base64");

  /**
   * Ids the API assigns are UUIDv7 (RFC 9562): time-ordered (strictly, per replica, while its clock
   * does not step back), so they land near one another at the right end of {@code
   * command_fulfilment}'s primary key instead of on random pages of it, which keeps the worker's
   * inserts and the index's working set small as the table grows. Thread-safe.
   */
  private static final TimeBasedEpochGenerator IDS = Generators.timeBasedEpochGenerator();

  // Numbers are kept as written (1e400 would otherwise become Infinity, which is not JSON).
  private final ObjectMapper json =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
  private final URI defaultSource;
  private final CommandRules rules;

  public CommandParser(String appService, CommandRules rules) {
    this.defaultSource = URI.create("/appservice/" + appService + "/api");
    this.rules = rules;
  }

  /**
   * A validated command and the Kafka key that routes it to its entity's partition.
   *
   * @param generatedId the API made the id up, so no earlier copy of the command can exist
   */
  public record Parsed(CloudEvent event, String key, boolean generatedId) {
    public String id() {
      return event.getId();
    }

    /** What the worker recognises the command by: its source and id ({@link CommandKey}). */
    public String commandKey() {
      return CommandKey.of(event.getSource().toString(), event.getId());
    }

    /**
     * The command as its caller sent it, with the caller's identity in the CloudEvents {@code
     * authcontext} extension ({@code authtype}, {@code authid}) and as its {@code source}: set
     * here, from what the API authenticated; whatever the body claimed for them is dropped. So two
     * callers' commands never share a source, and one caller cannot take another's id.
     */
    public Parsed attributedTo(URI source, String authType, String authId) {
      return new Parsed(
          CloudEventBuilder.v1(event)
              .withSource(source)
              .withExtension(AUTH_TYPE, authType)
              .withExtension(AUTH_ID, authId)
              .build(),
          key,
          generatedId);
    }
  }

  /** The CloudEvents authcontext extension's attributes, which only the API may set. */
  public static final String AUTH_TYPE = "authtype";

  public static final String AUTH_ID = "authid";
  private static final Set<String> AUTH_CONTEXT = Set.of(AUTH_TYPE, AUTH_ID, "authclaims");

  /**
   * The {@code source} of the commands a caller posts: this API's, then the caller's kind and name,
   * e.g. {@code /appservice/customers/api/api_key/ci-bot}.
   */
  public URI sourceOf(String authType, String authId) {
    return URI.create(
        defaultSource
            + "/"
            + authType
            + "/"
            + URLEncoder.encode(authId, StandardCharsets.UTF_8).replace("+", "%20"));
  }

  public Parsed parse(String contentType, byte[] body) {
    String media = mediaType(contentType);
    if (!media.equals("application/json") && !media.equals("application/cloudevents+json")) {
      throw new Problem(
          415,
          "unsupported-media-type",
          "Unsupported media type",
          "send application/json or application/cloudevents+json, got '" + media + "'",
          "Content-Type");
    }
    JsonNode root = readJson(body);
    if (!root.isObject()) {
      throw Problem.badRequest("/", "the body must be a JSON object");
    }
    boolean cloudEvent = media.equals("application/cloudevents+json") || root.has("specversion");
    boolean generatedId = root.get("id") == null || root.get("id").isNull();
    CloudEventBuilder builder = cloudEvent ? structured(root) : plain(root);
    CloudEvent event = builder.build();
    String key = rules.keyOf(event, root.get("data"));
    if (event.getSubject() == null) {
      event = CloudEventBuilder.v1(event).withSubject(key).build();
    }
    return new Parsed(event, key, generatedId);
  }

  private JsonNode readJson(byte[] body) {
    if (body.length == 0) {
      throw Problem.badRequest("/", "the body is empty; send a JSON object");
    }
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      throw Problem.badRequest("/", "the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw Problem.badRequest("/", "the body could not be read: " + e.getMessage());
    }
  }

  private static String newId() {
    return IDS.generate().toString();
  }

  private CloudEventBuilder plain(JsonNode root) {
    rejectUnknown(root, PLAIN_FIELDS, "a plain command has only id, type, subject and data");
    CloudEventBuilder b =
        CloudEventBuilder.v1()
            .withId(optionalText(root, "id").orElseGet(CommandParser::newId))
            .withSource(defaultSource)
            .withType(requiredText(root, "type"))
            .withTime(OffsetDateTime.now(ZoneOffset.UTC));
    optionalText(root, "subject").ifPresent(b::withSubject);
    JsonNode data = root.get("data");
    if (data != null && !data.isNull()) {
      b.withData("application/json", data.toString().getBytes(StandardCharsets.UTF_8));
    }
    return b;
  }

  private CloudEventBuilder structured(JsonNode root) {
    JsonNode version = root.get("specversion");
    if (version == null || !version.isTextual() || !version.asText().equals("1.0")) {
      throw Problem.badRequest("/specversion", "specversion must be \"1.0\"");
    }
    CloudEventBuilder b =
        CloudEventBuilder.v1()
            .withId(optionalText(root, "id").orElseGet(CommandParser::newId))
            .withSource(optionalText(root, "source").map(this::source).orElse(defaultSource))
            .withType(requiredText(root, "type"));
    optionalText(root, "subject").ifPresent(b::withSubject);
    optionalText(root, "time").map(CommandParser::time).ifPresent(b::withTime);
    optionalText(root, "dataschema").map(v -> uri("/dataschema", v)).ifPresent(b::withDataSchema);
    data(root, b);
    extensions(root, b);
    return b;
  }

  private static void data(JsonNode root, CloudEventBuilder b) {
    JsonNode data = root.get("data");
    JsonNode base64 = root.get("data_base64");
    String type = optionalText(root, "datacontenttype").orElse("application/json");
    if (data != null && base64 != null) {
      throw Problem.badRequest("/data_base64", "data and data_base64 are mutually exclusive");
    }
    if (base64 != null) {
      if (!base64.isTextual()) {
        throw Problem.badRequest("/data_base64", "data_base64 must be a base64 string");
      }
      try {
        b.withData(type, Base64.getDecoder().decode(base64.asText()));
      } catch (IllegalArgumentException e) {
        throw Problem.badRequest("/data_base64", "data_base64 is not valid base64");
      }
    } else if (data != null && !data.isNull()) {
      if (!mediaType(type).endsWith("json")) {
        throw Problem.badRequest(
            "/datacontenttype", "JSON data needs a JSON datacontenttype, got '" + type + "'");
      }
      b.withData(type, data.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void extensions(JsonNode root, CloudEventBuilder b) {
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (CE_ATTRIBUTES.contains(f.getKey()) || AUTH_CONTEXT.contains(f.getKey())) {
        continue;
      }
      String pointer = "/" + f.getKey();
      if (!EXTENSION.matcher(f.getKey()).matches()) {
        throw Problem.badRequest(
            pointer, "extension attribute names are 1-20 lower-case letters or digits");
      }
      JsonNode v = f.getValue();
      if (v.isTextual()) {
        b.withExtension(f.getKey(), Identifiers.text(pointer, v.asText()));
      } else if (v.isBoolean()) {
        b.withExtension(f.getKey(), v.asBoolean());
      } else if (v.isInt()) {
        b.withExtension(f.getKey(), v.asInt());
      } else {
        throw Problem.badRequest(pointer, "an extension must be a string, boolean or integer");
      }
    }
  }

  private URI source(String value) {
    return uri("/source", value);
  }

  private static URI uri(String pointer, String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw Problem.badRequest(pointer, "not a URI reference: " + e.getReason());
    }
  }

  private static OffsetDateTime time(String value) {
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw Problem.badRequest("/time", "time must be an RFC 3339 timestamp");
    }
  }

  private static void rejectUnknown(JsonNode root, Set<String> known, String hint) {
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        throw Problem.badRequest("/" + name, "unknown field '" + name + "': " + hint);
      }
    }
  }

  private static String requiredText(JsonNode root, String name) {
    return optionalText(root, name)
        .orElseThrow(() -> Problem.badRequest("/" + name, name + " is required"));
  }

  private static java.util.Optional<String> optionalText(JsonNode root, String name) {
    JsonNode v = root.get(name);
    if (v == null || v.isNull()) {
      return java.util.Optional.empty();
    }
    if (!v.isTextual()) {
      throw Problem.badRequest("/" + name, name + " must be a string");
    }
    return java.util.Optional.of(Identifiers.text("/" + name, v.asText()));
  }

  static String mediaType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .strip()
        .toLowerCase(java.util.Locale.ROOT);
  }
}
