package dev.appservice.runtime.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.appservice.contract.RuntimeEnv;
import dev.appservice.runtime.api.auth.ApiKeys;
import dev.appservice.runtime.api.auth.Authenticator;
import dev.appservice.runtime.api.command.CommandParser;
import dev.appservice.runtime.api.command.CommandRules;
import dev.appservice.runtime.api.command.CommandService;
import dev.appservice.runtime.api.command.CommandTracker;
import dev.appservice.runtime.api.command.FulfilmentListener;
import dev.appservice.runtime.api.command.OutcomeStore;
import dev.appservice.runtime.api.command.RecentEvents;
import dev.appservice.runtime.api.http.ApiMetrics;
import dev.appservice.runtime.api.http.ApiServer;
import dev.appservice.runtime.api.http.CommandRoutes;
import dev.appservice.runtime.api.http.EntityRoutes;
import dev.appservice.runtime.api.http.EventStream;
import dev.appservice.runtime.api.http.QueryRoutes;
import dev.appservice.runtime.api.http.RequestBody;
import dev.appservice.runtime.api.query.PublishedQueries;
import dev.appservice.runtime.api.query.QueryRunner;
import dev.appservice.runtime.api.read.EntityReader;
import dev.appservice.runtime.api.routing.RoutingGate;
import dev.appservice.runtime.api.routing.RoutingTimings;
import dev.appservice.runtime.config.ApiLimits;
import dev.appservice.runtime.config.RuntimeConfig;
import dev.appservice.runtime.management.ManagementServer;
import dev.appservice.runtime.store.ConnectionRefusals;
import dev.appservice.runtime.typed.Handlers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires and runs the api mode: the HTTP API on {@code HTTP_PORT}, health and metrics on {@code
 * MANAGEMENT_PORT}. It reads the database the workers materialize and posts commands to the input
 * topic; it never writes materialized data and runs no migrations (the workers own the schema).
 */
public final class ApiMain implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiMain.class);
  private static final Duration READINESS_EVERY = Duration.ofSeconds(5);

  private final RuntimeConfig config;
  private final HikariDataSource dataSource;
  private final Producer<byte[], byte[]> producer;
  private final RecentEvents recent;
  private final CommandTracker tracker;
  private final FulfilmentListener listener;
  private final Admin admin;
  private final RoutingGate gate;
  private final EventStream events;
  private final ApiServer server;
  private final ManagementServer management;
  private final Authenticator authenticator;
  private final ApiMetrics metrics;
  private final Thread readiness;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean ready;
  private volatile boolean stopping;

  private ApiMain(RuntimeConfig config) throws IOException {
    this.config = config;
    ObjectMapper json = new ObjectMapper();
    // First: a keys file that cannot be read fails the start before anything is opened.
    this.authenticator = Authenticator.from(config.auth(), json);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.dataSource = dataSource(config);
    this.producer = producer(config);
    this.recent =
        new RecentEvents(
            consumer(config, "recent", 4 * 1024 * 1024),
            config.outputTopic(),
            config.apiLimits().recentEventsBytes(),
            json);
    OutcomeStore outcomes = new OutcomeStore(dataSource, config.outputTopic(), recent, json);
    this.tracker = new CommandTracker(outcomes, config.apiLimits().maxTrackedCommands());
    this.metrics = new ApiMetrics(registry, tracker::inFlight);
    this.listener = new FulfilmentListener(config.database(), config.inputTopic(), tracker);
    this.admin = admin(config);
    this.gate =
        new RoutingGate(
            config.database(),
            config.inputTopic(),
            admin,
            producer,
            () -> consumer(config, "routing", 1024 * 1024),
            config.apiLimits().heldCommandsBytes());
    Gauge.builder("appservice_api_routing_partitions", gate, RoutingGate::partitions)
        .description("Input partitions commands are routed to; 0 while partitions are being added")
        .register(registry);
    CommandService service =
        new CommandService(
            producer,
            gate,
            config.inputTopic(),
            tracker,
            outcomes,
            config.kafka().maxRecordBytes(),
            metrics::produced);
    CommandParser parser =
        new CommandParser(config.appService(), CommandRules.forHandler(config.handler()));
    this.events =
        new EventStream(
            () -> consumer(config, "sse", ApiLimits.STREAM_FETCH_BYTES),
            config.outputTopic(),
            config.apiLimits().maxEventStreams(),
            metrics);
    recent.start();
    listener.start();
    gate.start();
    this.server =
        new ApiServer(
            config.httpPort(),
            config.corsAllowedOrigins(),
            json,
            metrics,
            authenticator,
            new CommandRoutes(
                parser,
                service,
                RequestBody.forRecords(config.kafka().maxRecordBytes()),
                json,
                metrics),
            new EntityRoutes(new EntityReader(dataSource, json), json),
            new QueryRoutes(new QueryRunner(queries(config.handler()), dataSource, json)),
            events);
    this.management =
        new ManagementServer(
            config.managementPort(), registry, () -> !stopping && gate.alive(), () -> ready);
    this.readiness = Thread.ofVirtual().name("readiness").start(this::checkReadiness);
    if (!config.auth().authenticates()) {
      log.warn(
          "the API serves every caller without authentication ({}=true)",
          RuntimeEnv.API_AUTH_ANONYMOUS);
    }
    log.info("api for {} listening on port {}", config.appService(), server.port());
  }

  /**
   * The queries the handler publishes. An API image without the handler (spec.api.image) serves
   * none; a handler whose queries are wrong stops the API here, as wrong migrations stop a worker.
   */
  private static PublishedQueries queries(String handler) {
    var found = Handlers.find(handler);
    if (found.isEmpty()) {
      log.warn("{}: its queries are not served", Handlers.notFound(handler));
      return PublishedQueries.none();
    }
    PublishedQueries queries = PublishedQueries.of(found.get());
    if (!queries.names().isEmpty()) {
      log.info("queries of handler {}: {}", handler, queries.names());
    }
    return queries;
  }

  /** Starts the API in the background; {@link #close()} stops it. */
  public static ApiMain start(RuntimeConfig config) throws IOException {
    return new ApiMain(config);
  }

  /** Runs until SIGTERM; returns the process exit code. */
  public static int run(RuntimeConfig config) throws IOException, InterruptedException {
    ApiMain main = start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(main::close, "shutdown"));
    main.closed.await();
    return 0;
  }

  public int port() {
    return server.port();
  }

  public int managementPort() {
    return management.port();
  }

  public boolean ready() {
    return ready;
  }

  /** The {@code application_name} of this replica's routing session (see {@link RoutingGate}). */
  public String routingSession() {
    return gate.sessionName();
  }

  /**
   * Ready when the database answers, Kafka knows the input topic, the listener is up and the
   * routing gate has opened once (a later switch holds commands briefly, it does not make the pod
   * unready).
   */
  private void checkReadiness() {
    while (!stopping) {
      ready = databaseUp() && kafkaUp() && listener.listening() && gate.initialized();
      authenticator.apiKeys().ifPresent(ApiKeys::reload);
      try {
        Thread.sleep(ready ? READINESS_EVERY.toMillis() : 200);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private boolean databaseUp() {
    try (Connection conn = dataSource.getConnection()) {
      return conn.isValid(2);
    } catch (Exception e) {
      if (ConnectionRefusals.tooManyClients(e)) {
        metrics.connectionRefused();
        log.warn("not ready: {}", ConnectionRefusals.EXPLANATION);
      }
      return false;
    }
  }

  private boolean kafkaUp() {
    try {
      return !producer.partitionsFor(config.inputTopic()).isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (stopping) {
      return;
    }
    stopping = true;
    ready = false;
    readiness.interrupt();
    events.close();
    tracker.releaseWaiters();
    pause(200); // lets the released requests' responses go out before the server stops
    server.close();
    gate.close();
    admin.close(Duration.ofSeconds(2));
    listener.close();
    tracker.close();
    recent.close();
    producer.close(Duration.ofSeconds(5));
    management.close();
    dataSource.close();
    closed.countDown();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static HikariDataSource dataSource(RuntimeConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.database().jdbcUrl());
    hikari.setUsername(config.database().user());
    hikari.setPassword(config.database().password());
    // The listener and routing sessions come on top (ConnectionBudget counts them).
    hikari.setMaximumPoolSize(config.databasePoolSize());
    hikari.setMinimumIdle(Math.min(2, config.databasePoolSize()));
    hikari.setPoolName("appservice-api");
    hikari.setInitializationFailTimeout(-1);
    hikari.setConnectionTimeout(5_000);
    hikari.setReadOnly(true);
    hikari.addDataSourceProperty("tcpKeepAlive", "true");
    hikari.addDataSourceProperty("ApplicationName", "appservice-api");
    // Every query here is a key lookup. A server-prepared statement's generic plan is kept until
    // the table is analyzed again: made while command_fulfilment was still small (a fresh
    // deployment, before autoanalyze), it stays a sequential scan as the table grows (measured: a
    // 1-4 ms outcome read). Custom plans see the real parameters and the table's current size.
    hikari.addDataSourceProperty("options", "-c plan_cache_mode=force_custom_plan");
    return new HikariDataSource(hikari);
  }

  /** Tuned for latency: a command is sent at once; concurrent ones still share requests. */
  private static Producer<byte[], byte[]> producer(RuntimeConfig config) {
    Map<String, Object> props = config.kafka().producerProperties();
    props.put("client.id", config.appService() + "-api");
    props.put("buffer.memory", config.apiLimits().producerBufferBytes());
    props.put("enable.idempotence", "true");
    props.put("acks", "all");
    props.put("linger.ms", 0);
    // Bounded, because a routing switch waits this long for a record a replica handed over just
    // before it lost its lock (RoutingTimings.GRACE).
    props.put("delivery.timeout.ms", (int) RoutingTimings.PRODUCER_DELIVERY.toMillis());
    props.put("request.timeout.ms", 5_000);
    props.put("max.block.ms", (int) RoutingTimings.PRODUCER_BLOCK.toMillis());
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Reads the input topic's partition count and end offsets for the routing gate. */
  private static Admin admin(RuntimeConfig config) {
    Map<String, Object> props = config.kafka().clientProperties();
    props.put("client.id", config.appService() + "-api-routing");
    props.put("request.timeout.ms", 10_000);
    props.put("default.api.timeout.ms", 15_000);
    return Admin.create(props);
  }

  /**
   * Assigned (no group), reading only what the workers' producers committed, at most {@code
   * fetchBytes} at a time (a larger record still comes, alone), so its buffers stay bounded.
   */
  private static Consumer<byte[], byte[]> consumer(
      RuntimeConfig config, String purpose, int fetchBytes) {
    Map<String, Object> props = config.kafka().clientProperties();
    props.put("fetch.max.bytes", fetchBytes);
    props.put("max.partition.fetch.bytes", fetchBytes);
    props.put("max.poll.records", 200);
    props.put("client.id", config.appService() + "-api-" + purpose);
    props.put("enable.auto.commit", "false");
    props.put("isolation.level", "read_committed");
    props.put("fetch.max.wait.ms", 100);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
