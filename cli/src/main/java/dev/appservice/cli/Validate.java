package dev.appservice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.appservice.cli.validate.CrdValidator;
import dev.appservice.cli.validate.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code appservice validate}: the CRD's schema and CEL rules, offline. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "Checks the AppServices of the manifests as the API server would on kubectl apply, with"
            + " no cluster: the AppService CRD's OpenAPI schema (by a JSON Schema validator) and"
            + " its CEL rules (by CEL for Java), naming each wrong field. Unknown fields are"
            + " errors, as with kubectl's default strict field validation; the rules that compare"
            + " with the running object (e.g. partitions cannot decrease) need the cluster and are"
            + " not checked. Other documents are skipped. Exit status 1 if any AppService is"
            + " invalid.")
final class Validate implements Callable<Integer> {

  /** The CRD the operator's build generates, from the operator's jar. */
  static final String CRD = "META-INF/fabric8/appservices.appservice.dev-v1.yml";

  @Option(
      names = {"-f", "--file"},
      required = true,
      description =
          "Manifest(s) holding AppServices (multi-document YAML or JSON), or directories: their"
              + " .yaml, .yml and .json files, recursively (files there without an AppService are"
              + " skipped).")
  List<Path> manifests;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only the problems, not a line per valid AppService.")
  boolean quiet;

  /** Where the verdicts go (tests read them). */
  PrintStream out = System.out;

  /** The validator for the AppService CRD this CLI was built with. */
  static CrdValidator appServices() {
    try (InputStream crd = Validate.class.getClassLoader().getResourceAsStream(CRD)) {
      if (crd == null) {
        throw new IllegalStateException(CRD + " is not on the class path");
      }
      return CrdValidator.of(crd);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + CRD, e);
    }
  }

  @Override
  public Integer call() throws IOException {
    CrdValidator validator = appServices();
    int invalid = 0;
    int valid = 0;
    for (Path argument : manifests) {
      boolean explicit = !Files.isDirectory(argument);
      for (Path manifest : files(argument)) {
        List<JsonNode> documents;
        try {
          documents = Manifests.documents(manifest, validator.kind());
        } catch (JsonProcessingException e) {
          out.println(
              manifest + ": not YAML or JSON: " + oneLine(e.getOriginalMessage()) + location(e));
          invalid++;
          continue;
        }
        if (documents.isEmpty() && explicit) {
          out.println(manifest + ": holds no " + validator.kind());
          invalid++;
        }
        for (JsonNode document : documents) {
          String name = document.path("metadata").path("name").asText("(no name)");
          List<Problem> problems = validator.validate(document);
          String what = manifest + ": " + validator.kind() + " " + name;
          if (problems.isEmpty()) {
            valid++;
            if (!quiet) {
              out.println(what + ": valid");
            }
          } else {
            invalid++;
            for (Problem problem : problems) {
              out.println(what + ": " + problem);
            }
          }
        }
      }
    }
    if (!quiet || invalid > 0) {
      out.println(valid + " valid, " + invalid + " invalid");
    }
    return invalid == 0 ? 0 : 1;
  }

  private static List<Path> files(Path argument) throws IOException {
    if (!Files.isDirectory(argument)) {
      if (!Files.isRegularFile(argument)) {
        throw new IllegalArgumentException(argument + ": no such file or directory");
      }
      return List.of(argument);
    }
    try (Stream<Path> walk = Files.walk(argument)) {
      return walk.filter(Files::isRegularFile)
          .filter(
              file -> {
                String name = file.getFileName().toString();
                return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
              })
          .sorted()
          .toList();
    }
  }

  /** A YAML parser's message without the excerpt and caret lines it quotes. */
  private static String oneLine(String message) {
    return String.join(
        "; ",
        message
            .lines()
            .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
            .toList());
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }
}
