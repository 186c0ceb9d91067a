package dev.appservice.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.appservice.runtime.config.RuntimeConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkerMainTest {

  /**
   * A worker stopped before it owns its partition (here: still retrying migrations against a
   * database that is not there) stops at once instead of sitting out the whole grace period.
   */
  @Test
  void stopsPromptlyWhileStillWaitingForTheDatabase() throws Exception {
    int closedPort = freePort();
    var config =
        RuntimeConfig.fromEnv(
            Map.of(
                "APPSERVICE_MODE", "worker",
                "APPSERVICE_NAME", "orders",
                "KAFKA_BOOTSTRAP_SERVERS", "localhost:" + closedPort,
                "INPUT_TOPIC", "orders.commands",
                "OUTPUT_TOPIC", "orders.events",
                "PARTITION", "0",
                "DATABASE_URL", "jdbc:postgresql://localhost:" + closedPort + "/app",
                "DATABASE_USER", "app",
                "DATABASE_PASSWORD", "app",
                "MANAGEMENT_PORT", "0"),
            Optional.empty());
    var worker = WorkerMain.start(config);
    Thread.sleep(500);
    assertThat(worker.ready()).isFalse();

    long started = System.nanoTime();
    worker.close();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
