package dev.appservice.runtime.worker;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.appservice.runtime.config.RuntimeConfig;
import dev.appservice.runtime.management.ManagementServer;
import dev.appservice.runtime.spi.EventHandler;
import dev.appservice.runtime.store.ConnectionRefusals;
import dev.appservice.runtime.store.FulfilmentRetention;
import dev.appservice.runtime.store.Migrations;
import dev.appservice.runtime.store.OffsetStore;
import dev.appservice.runtime.store.Outbox;
import dev.appservice.runtime.typed.Handlers;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires and runs the worker mode: one partition worker plus its management endpoints. */
public final class WorkerMain implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

  /** Inside Kubernetes' default 30 s termination grace period, with room for the JVM to exit. */
  public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(25);

  private final RuntimeConfig config;
  private final HikariDataSource dataSource;
  private final EventHandler handler;
  private final PartitionWorker worker;
  private final ManagementServer management;
  private final Thread thread;
  private final FulfilmentRetention retention;
  private final WorkerMetrics metrics;
  private final ScheduledExecutorService pruner =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("retention").daemon().factory());
  private volatile boolean stopping;
  private volatile boolean owning;

  private WorkerMain(RuntimeConfig config) throws IOException {
    this.config = config;
    this.handler = Handlers.load(config.handler());
    this.dataSource = dataSource(config);
    String topic = config.inputTopic();
    int partition = config.ownedPartition();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    WorkerMetrics metrics = new WorkerMetrics(registry, config.appService(), topic, partition);
    this.metrics = metrics;
    this.retention =
        new FulfilmentRetention(dataSource, topic, partition, config.commandRetention());
    Outbox outbox = new Outbox(topic, partition);
    OffsetStore offsets = new OffsetStore(topic, partition);
    int maxRecordBytes = config.kafka().maxRecordBytes();
    DeadLetters deadLetters =
        new DeadLetters(config.deadLetterTopic(), topic, partition, maxRecordBytes);
    BatchProcessor processor =
        new BatchProcessor(
            dataSource,
            handler,
            config.appService(),
            topic,
            partition,
            outbox,
            offsets,
            deadLetters,
            new EventCodec(config.appService(), topic, partition, config.outputTopic()),
            maxRecordBytes,
            metrics);
    this.worker =
        new PartitionWorker(
            new TopicPartition(topic, partition),
            ownerId(),
            dataSource,
            new Fencing(config.database(), topic, partition, metrics::connectionRefused),
            offsets,
            outbox,
            processor,
            new Feed(
                new TopicPartition(topic, partition),
                KafkaClients.consumer(config),
                processor::decode,
                metrics),
            () -> KafkaClients.producer(config),
            deadLetters,
            metrics);
    this.management =
        new ManagementServer(config.managementPort(), registry, this::alive, worker::ready);
    this.thread = Thread.ofPlatform().name("partition-" + partition).unstarted(this::runWorker);
  }

  /** Starts the worker in the background; {@link #close()} stops it. */
  public static WorkerMain start(RuntimeConfig config) throws IOException {
    WorkerMain main = new WorkerMain(config);
    main.thread.start();
    return main;
  }

  /** Runs until SIGTERM (or the worker dies); returns the process exit code. */
  public static int run(RuntimeConfig config) throws IOException, InterruptedException {
    WorkerMain main;
    try {
      main = start(config);
    } catch (IllegalArgumentException unknownHandler) {
      System.err.println(unknownHandler.getMessage());
      return 2;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(main::close, "shutdown"));
    main.thread.join();
    return main.stopping ? 0 : 1;
  }

  private void runWorker() {
    Backoff backoff = new Backoff(200, 5_000);
    while (!stopping) {
      try {
        Migrations.migrate(dataSource, handler);
        break;
      } catch (RuntimeException e) {
        if (ConnectionRefusals.tooManyClients(e)) {
          metrics.connectionRefused();
          log.warn("database migrations failed, retrying: {}", ConnectionRefusals.EXPLANATION);
        } else {
          log.warn("database migrations failed, retrying: {}", Failures.describe(e));
        }
        try {
          backoff.sleep();
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
    if (!stopping) {
      owning = true;
      schedulePruning();
      worker.run();
    }
  }

  /** Forgets expired commands in the background; nothing with {@code COMMAND_RETENTION=0}. */
  private void schedulePruning() {
    if (config.commandRetention().isZero()) {
      return;
    }
    long every = FulfilmentRetention.interval(config.commandRetention()).toMillis();
    pruner.scheduleWithFixedDelay(this::prune, every, every, TimeUnit.MILLISECONDS);
  }

  private void prune() {
    try {
      long forgotten = retention.pruneExpired();
      metrics.forgotten(forgotten);
      if (forgotten > 0) {
        log.debug("forgot {} commands older than {}", forgotten, config.commandRetention());
      }
    } catch (SQLException | RuntimeException e) {
      log.warn("pruning expired commands failed, retrying later: {}", Failures.describe(e));
    }
  }

  public boolean ready() {
    return worker.ready();
  }

  /** The input partition this worker owns. */
  public int partition() {
    return config.ownedPartition();
  }

  private boolean alive() {
    return thread.isAlive() || stopping;
  }

  public int managementPort() {
    return management.port();
  }

  /** Stops after the batch in flight (or abandons a retry), within {@link #SHUTDOWN_GRACE}. */
  @Override
  public void close() {
    if (stopping) {
      return;
    }
    stopping = true;
    log.info("stopping worker for {}/{}", config.inputTopic(), config.ownedPartition());
    pruner.shutdownNow();
    worker.stop();
    if (!owning) {
      // Still migrating or waiting for the database: nothing to finish, stop waiting now. A
      // running partition worker is never interrupted (it finishes its batch instead).
      thread.interrupt();
    }
    try {
      // Join the thread, not the partition worker: a stop during migrations or the lock wait
      // never starts the worker, and waiting for it to finish would take the whole grace period.
      thread.join(SHUTDOWN_GRACE);
      if (thread.isAlive()) {
        log.warn("worker did not stop within {}; exiting anyway", SHUTDOWN_GRACE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    management.close();
    dataSource.close();
  }

  private static HikariDataSource dataSource(RuntimeConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.database().jdbcUrl());
    hikari.setUsername(config.database().user());
    hikari.setPassword(config.database().password());
    // Batches use one connection; migrations use up to three (lock + Flyway) at start. The
    // fencing session comes on top (ConnectionBudget counts both).
    hikari.setMaximumPoolSize(config.databasePoolSize());
    hikari.setMinimumIdle(1);
    hikari.setPoolName("appservice-worker");
    // Start even if the database is not up yet; batches retry until it is.
    hikari.setInitializationFailTimeout(-1);
    hikari.setConnectionTimeout(5_000);
    hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
    hikari.addDataSourceProperty("tcpKeepAlive", "true");
    hikari.addDataSourceProperty("ApplicationName", "appservice-worker");
    // Client setting only: plan every statement for its real parameters. A server-prepared
    // statement's generic plan, made while command_fulfilment was small (before autoanalyze),
    // stays a sequential scan of it as it grows: the command-id check (on replays) and the API's
    // outcome reads then cost milliseconds (measured in the API benchmark, docs/benchmarks.md).
    hikari.addDataSourceProperty("options", "-c plan_cache_mode=force_custom_plan");
    return new HikariDataSource(hikari);
  }

  private static String ownerId() {
    String host = System.getenv().getOrDefault("HOSTNAME", "local");
    return host + "/" + ProcessHandle.current().pid();
  }
}
