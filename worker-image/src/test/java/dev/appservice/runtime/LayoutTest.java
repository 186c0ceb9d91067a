package dev.appservice.runtime;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime's layout, drawn from its compiled classes (ArchUnit) and its sources: packages depend
 * downwards only, and the runtime's own schema is named in SQL in one package, {@code store} (see
 * DESIGN.md, "Where things live").
 */
class LayoutTest {
  private static final String RUNTIME = "dev.appservice.runtime";
  private static JavaClasses runtime;

  @BeforeAll
  static void importRuntime() {
    runtime =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(RUNTIME);
  }

  @Test
  void noPackageCycles() {
    slices().matching(RUNTIME + ".(**)").should().beFreeOfCycles().check(runtime);
  }

  @Test
  void apiAndWorkerMeetOnlyInTheStore() {
    noClasses()
        .that()
        .resideInAPackage(RUNTIME + ".api..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(RUNTIME + ".worker..")
        .check(runtime);
    noClasses()
        .that()
        .resideInAPackage(RUNTIME + ".worker..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(RUNTIME + ".api..")
        .check(runtime);
  }

  @Test
  void lowerPackagesDoNotReachUp() {
    for (String lower :
        List.of(
            "spi", "config", "kafka", "management", "store", "document", "typed", "api.problem")) {
      noClasses()
          .that()
          .resideInAPackage(RUNTIME + "." + lower + "..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(RUNTIME + ".api", RUNTIME + ".api.http..", RUNTIME + ".worker..")
          .check(runtime);
    }
    classes()
        .that()
        .resideInAPackage(RUNTIME + ".management..")
        .should()
        .onlyDependOnClassesThat(
            resideOutsideOfPackage(RUNTIME + "..").or(resideInAPackage(RUNTIME + ".management..")))
        .check(runtime);
  }

  /** SQL (a string that holds a statement keyword) that names a runtime table or channel. */
  private static final Pattern SCHEMA_NAME =
      Pattern.compile(
          "\\b(input_offsets|input_routing|command_fulfilment|fulfilment_log|outbox_blocks"
              + "|outbox_batches|outbox|appservice_fulfilment|appservice_routing)\\b");

  private static final Pattern SQL =
      Pattern.compile("\\b(SELECT|INSERT|UPDATE|DELETE|LISTEN|NOTIFY|FROM|INTO|TABLE)\\b");

  @Test
  void runtimeTablesAreNamedInSqlOnlyInTheStore() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Path sources :
        List.of(
            Path.of("src/main/java"), Path.of("../bench/src/main/java"), Path.of("../cli/src"))) {
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          if (file.toString().replace('\\', '/').contains("/runtime/store/")) {
            continue;
          }
          for (String literal : stringLiterals(Files.readString(file))) {
            if (SQL.matcher(literal).find() && SCHEMA_NAME.matcher(literal).find()) {
              offenders.add(file + ": " + literal.strip());
            }
          }
        }
      }
    }
    assertThat(offenders).isEmpty();
  }

  private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
  private static final Pattern TEXT_BLOCK = Pattern.compile("\"\"\"(.*?)\"\"\"", Pattern.DOTALL);
  private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");

  /** The string literals and text blocks of a source file, comments removed first. */
  static List<String> stringLiterals(String source) {
    String code = COMMENT.matcher(source).replaceAll("");
    List<String> literals = new ArrayList<>();
    Matcher blocks = TEXT_BLOCK.matcher(code);
    while (blocks.find()) {
      literals.add(blocks.group(1));
    }
    Matcher strings = LITERAL.matcher(TEXT_BLOCK.matcher(code).replaceAll(""));
    while (strings.find()) {
      literals.add(strings.group(1));
    }
    return literals;
  }

  @Test
  void theScanFindsSqlInLiteralsAndNotInComments() {
    String source =
        """
        // SELECT * FROM outbox
        String a = "SELECT next_offset FROM input_offsets";
        String b = \"""
            INSERT INTO command_fulfilment
            \""";
        """;
    assertThat(stringLiterals(source))
        .containsExactlyInAnyOrder(
            "SELECT next_offset FROM input_offsets", "\n    INSERT INTO command_fulfilment\n    ");
  }
}
