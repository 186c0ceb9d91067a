package dev.appservice.cli;

import dev.appservice.kit.WorkDirectory;
import dev.appservice.runtime.HandlerJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code appservice}: {@code dev} (the local mode), {@code render}, {@code validate} and {@code
 * init}; {@code --version} and {@code --help} on each.
 */
@Command(
    name = "appservice",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Tools for appservice-operator app services.",
    subcommands = {AppServiceCli.Dev.class, Render.class, Validate.class, Init.class})
public final class AppServiceCli {

  /** The runtime jar's logback.xml is the image's; the local mode has a quieter one. */
  static final String LOG_CONFIG = "logback-local.xml";

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LOG_CONFIG);
    }
    System.exit(commandLine().execute(args));
  }

  /** The verbs, with errors said in one line (exit status 1), not as a stack trace. */
  static CommandLine commandLine() {
    return new CommandLine(new AppServiceCli())
        .setExecutionExceptionHandler(
            (error, command, parsed) -> {
              command
                  .getErr()
                  .println("appservice " + command.getCommandName() + ": " + error.getMessage());
              return 1;
            });
  }

  @Command(
      name = "dev",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description =
          "Runs one app service on this machine, with no cluster: an embedded PostgreSQL and"
              + " Kafka, one worker per partition and the HTTP API. Its data is kept in a data"
              + " directory between runs. Ctrl-C stops it.")
  static final class Dev implements Callable<Integer> {

    @Option(
        names = {"-f", "--file"},
        description = "AppService manifest to take name, partitions, topics and handler from.")
    Path manifest;

    @Option(
        names = "--name",
        defaultValue = "customers",
        description = "Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(names = "--partitions", defaultValue = "3", description = "Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(
        names = "--port",
        defaultValue = "8080",
        description = "Port of the HTTP API. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(
        names = "--handler",
        paramLabel = "JAR_OR_CLASSES",
        description =
            "A handler's jar, classes directory or directory of jars, added to the class path"
                + " (repeatable); the manifest's spec.worker.handler names the handler.")
    List<Path> handlers = new ArrayList<>();

    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description =
            "Where the database and the Kafka log are kept between runs. Default:"
                + " .appservice/<name> beside the manifest (or in this directory without one).")
    Path dataDirectory;

    @Option(names = "--fresh", description = "Delete the data directory first: start empty.")
    boolean fresh;

    @Override
    public Integer call() throws Exception {
      HandlerJars.install(handlers);
      LocalSettings settings =
          manifest != null
              ? LocalSettings.fromManifest(manifest, port)
              : LocalSettings.defaults(name, partitions, port);
      Path data = dataDirectory != null ? dataDirectory : defaultDataDirectory(settings);
      if (fresh) {
        WorkDirectory.delete(data);
      }
      System.out.printf(
          "Starting app service '%s' (%d partitions), data in %s%s%n",
          settings.name(),
          settings.partitions(),
          data,
          fresh ? " (fresh)" : Files.exists(data.resolve("pg")) ? " (kept from the last run)" : "");
      long started = System.nanoTime();
      LocalMode local =
          LocalMode.start(settings, Optional.of(data), step -> System.out.println("  " + step));
      System.out.printf("  %-50s %6.1f s%n", "ready", (System.nanoTime() - started) / 1e9);
      var stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    System.out.println("Stopping app service '" + settings.name() + "'...");
                    try {
                      local.close();
                      System.out.println("Stopped app service '" + settings.name() + "'.");
                    } catch (Exception e) {
                      System.err.println("stopping: " + e.getMessage());
                    }
                    stopped.countDown();
                  }));
      printWelcome(settings, local);
      stopped.await();
      return 0;
    }

    private Path defaultDataDirectory(LocalSettings settings) {
      Path base =
          manifest != null ? manifest.toAbsolutePath().getParent() : Path.of("").toAbsolutePath();
      return base.resolve(".appservice").resolve(settings.name());
    }

    private static void printWelcome(LocalSettings settings, LocalMode local) {
      String api = "http://localhost:" + local.apiPort();
      System.out.printf(
          """

          App service '%1$s' is running. Ctrl-C stops it.
            HTTP API   %2$s   (OpenAPI: %2$s/openapi.json)
            API key    %7$s   (send it as X-Api-Key; a new one each start)
            Kafka      %3$s   topics %4$s, %5$s
            PostgreSQL %6$s   (user postgres)

          Try:
            export KEY=%7$s
            curl -si -X POST %2$s/v1/commands -H "X-Api-Key: $KEY" \\
              -H 'Content-Type: application/json' -H 'Prefer: wait=5' \\
              -d '{"type":"customer.upsert","subject":"42","data":{"name":"Ada"}}'
            curl -s -H "X-Api-Key: $KEY" %2$s/v1/entities/customer/42
            curl -sN -H "X-Api-Key: $KEY" %2$s/v1/events

          """,
          settings.name(),
          api,
          local.kafkaBootstrapServers(),
          settings.inputTopic(),
          settings.outputTopic(),
          local.jdbcUrl(),
          local.apiKey());
    }
  }
}
