package dev.appservice.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.appservice.contract.RuntimeEnv;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/env-contract.md and {@link RuntimeEnv} name the same variables: the table lists every
 * constant, and the document mentions no variable the class lacks.
 */
class EnvContractDocTest {
  private static final Pattern BACKTICKED_NAME = Pattern.compile("`([A-Z][A-Z0-9_]*)[`=]");
  private static final Pattern PLACEHOLDER = Pattern.compile("<([A-Z][A-Z0-9_]*)>");

  private static List<String> doc;

  @BeforeAll
  static void readDoc() throws IOException {
    doc = Files.readAllLines(Path.of("..", "docs", "env-contract.md"));
  }

  @Test
  void theTableListsExactlyTheConstants() {
    assertThat(tableVariables()).isEqualTo(constants());
  }

  @Test
  void theProseAndTheDefaultsNameOnlyConstants() {
    var mentioned = new TreeSet<String>();
    for (String line : doc) {
      if (!line.startsWith("|")) {
        collect(BACKTICKED_NAME.matcher(line), mentioned);
      }
      collect(PLACEHOLDER.matcher(line), mentioned);
    }
    assertThat(mentioned).isNotEmpty();
    assertThat(constants()).containsAll(mentioned);
  }

  /** RuntimeEnv holds variable names only (fixed values live in RuntimeValues). */
  @Test
  void everyFieldIsAPublicStringConstant() {
    for (Field field : RuntimeEnv.class.getDeclaredFields()) {
      int modifiers = field.getModifiers();
      assertThat(Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers))
          .as(field.getName())
          .isTrue();
      assertThat(Modifier.isFinal(modifiers)).as(field.getName()).isTrue();
      assertThat(field.getType()).as(field.getName()).isEqualTo(String.class);
    }
  }

  /** The names in the first column of the table (in backticks; a row may hold several). */
  private static Set<String> tableVariables() {
    var names = new TreeSet<String>();
    for (String line : doc) {
      if (line.startsWith("| `")) {
        collect(Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(line.split("\\|")[1]), names);
      }
    }
    assertThat(names).as("variables parsed from docs/env-contract.md").hasSizeGreaterThan(20);
    return names;
  }

  private static Set<String> constants() {
    return Arrays.stream(RuntimeEnv.class.getDeclaredFields())
        .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
        .map(EnvContractDocTest::value)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String value(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new AssertionError(field.getName() + " is not public", e);
    }
  }

  private static void collect(Matcher matcher, Set<String> into) {
    while (matcher.find()) {
      into.add(matcher.group(1));
    }
  }
}
