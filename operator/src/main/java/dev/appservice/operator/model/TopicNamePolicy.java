package dev.appservice.operator.model;

import dev.appservice.operator.api.v1alpha1.AppService;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which topic names the AppServices of a namespace may claim: those starting with a prefix, in
 * which {@value #NAMESPACE} stands for the AppService's namespace. The operator's default, {@code
 * {namespace}.}, keeps each namespace (team) to topics of its own name; an empty prefix allows any
 * name, leaving only {@link TopicClaims} between the teams.
 *
 * @param prefix the template of the prefix, e.g. {@code {namespace}.} or {@code team-{namespace}-}
 */
public record TopicNamePolicy(String prefix) {

  public static final String NAMESPACE = "{namespace}";

  /** What the prefix may hold once the namespace is in: characters of Kafka topic names. */
  private static final Pattern TOPIC_CHARACTERS = Pattern.compile("[a-zA-Z0-9._-]*");

  public static final TopicNamePolicy NAMESPACE_PREFIX = new TopicNamePolicy(NAMESPACE + ".");
  public static final TopicNamePolicy ANY = new TopicNamePolicy("");

  public TopicNamePolicy {
    if (!TOPIC_CHARACTERS.matcher(prefix.replace(NAMESPACE, "ns")).matches()) {
      throw new IllegalArgumentException(
          "a topic name prefix holds characters of Kafka topic names [a-zA-Z0-9._-] and "
              + NAMESPACE
              + ", got '"
              + prefix
              + "'");
    }
  }

  /** The prefix for the namespace of {@code app}. */
  public String prefixFor(AppService app) {
    return prefix.replace(NAMESPACE, Naming.namespace(app));
  }

  /** Why {@code app} may not claim its topics, or empty when it may. */
  public Optional<String> refusal(AppService app) {
    String required = prefixFor(app);
    if (required.isEmpty()) {
      return Optional.empty();
    }
    for (var topic : TopicClaims.of(app)) {
      if (!topic.topic().startsWith(required)) {
        return Optional.of(
            topic.field()
                + " is '"
                + topic.topic()
                + "', but AppServices in namespace "
                + Naming.namespace(app)
                + " may only use topics whose names start with '"
                + required
                + "' (the operator's topicNamePrefix). Topics cannot be changed: re-create the"
                + " AppService with such a name, or ask an administrator for another prefix.");
      }
    }
    return Optional.empty();
  }
}
