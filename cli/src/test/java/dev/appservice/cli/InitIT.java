package dev.appservice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code appservice init} makes a project that builds and passes its tests as made: Maven runs its
 * {@code verify} on this build's artifacts (installed into target/it-repo), its tests on the test
 * kit, its manifest readable by the local mode.
 */
class InitIT {

  @Test
  void theProjectItMakesBuildsAndPassesItsTests(@TempDir Path work) throws Exception {
    Path project = work.resolve("order-book");
    assertThat(
            AppServiceCli.commandLine()
                .execute("init", "order-book", "--directory", project.toString()))
        .isZero();
    assertThat(project.resolve("src/main/java/com/example/orderbook/OrderBook.java")).exists();
    assertThat(LocalSettings.fromManifest(project.resolve("appservice.yaml"), 0).handler())
        .isEqualTo("order-book");

    Path settings = work.resolve("settings.xml");
    Files.writeString(
        settings,
        Files.readString(Path.of("src/it/settings.xml"))
            .replace(
                "@userRepositoryUrl@",
                Path.of(System.getProperty("user.repo")).toUri().toString()));
    Path log = work.resolve("build.log");
    Process maven =
        new ProcessBuilder(
                List.of(
                    Path.of("../mvnw").toAbsolutePath().toString(),
                    "-B",
                    "-ntp",
                    "-s",
                    settings.toString(),
                    "-Dmaven.repo.local=" + System.getProperty("it.repo"),
                    "-f",
                    project.resolve("pom.xml").toString(),
                    "verify"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    maven.getOutputStream().close();
    assertThat(maven.waitFor(10, TimeUnit.MINUTES)).isTrue();
    String output = Files.readString(log);
    assertThat(maven.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0", "BUILD SUCCESS");
    assertThat(project.resolve("target/order-book-handler-0.1.0-SNAPSHOT.jar")).exists();
  }

  @Test
  void refusesANameThatCannotNameAnAppServiceAndAFullDirectory(@TempDir Path work)
      throws Exception {
    var err = new ByteArrayOutputStream();
    var cli = AppServiceCli.commandLine();
    cli.setErr(new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
    assertThat(cli.execute("init", "Orders_1", "-d", work.resolve("x").toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("'Orders_1' cannot name an app service");
    assertThat(work.resolve("x")).doesNotExist();

    Files.writeString(work.resolve("taken.txt"), "mine");
    assertThat(cli.execute("init", "orders", "-d", work.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("exists and is not empty");
    assertThat(Files.readString(work.resolve("taken.txt"))).isEqualTo("mine");
    assertThatThrownBy(() -> Init.className("")).isInstanceOf(RuntimeException.class);
    assertThat(Init.className("order-book")).isEqualTo("OrderBook");
  }
}
