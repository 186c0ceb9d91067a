package dev.appservice.runtime.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker in its own JVM (Kafka's own {@code kafka.Kafka} main), so a test can
 * stop it and start it again on the same port with the same log directory.
 */
public final class KafkaProcess implements AutoCloseable {
  private final Path config;
  private final Path log;
  private final int port;
  private Process process;

  public KafkaProcess(Path directory) throws Exception {
    Files.createDirectories(directory);
    this.port = freePort();
    int controllerPort = freePort();
    this.config = directory.resolve("server.properties");
    this.log = directory.resolve("broker.log");
    Files.writeString(
        config,
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.bootstrap.servers=localhost:" + controllerPort,
            "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
            "advertised.listeners=PLAINTEXT://localhost:" + port,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + directory.resolve("data"),
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            ""));
    java(
            "kafka.tools.StorageTool",
            "format",
            "-t",
            Uuid.randomUuid().toString(),
            "-c",
            config.toString(),
            "--standalone")
        .waitFor(60, TimeUnit.SECONDS);
    start();
  }

  public String bootstrapServers() {
    return "localhost:" + port;
  }

  public void start() throws Exception {
    process = java("kafka.Kafka", config.toString());
    awaitReady();
  }

  /** A clean broker shutdown (SIGTERM), as in a rolling restart. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try (Admin admin =
          Admin.create(
              Map.of(
                  "bootstrap.servers",
                  bootstrapServers(),
                  "default.api.timeout.ms",
                  "3000",
                  "request.timeout.ms",
                  "3000"))) {
        admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("broker did not start; see " + log, e);
        }
        Thread.sleep(200);
      }
    }
  }

  private Process java(String mainClass, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor();
    }
  }
}
