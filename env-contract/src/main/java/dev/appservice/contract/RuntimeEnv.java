package dev.appservice.contract;

/**
 * The environment variables of docs/env-contract.md: every name the operator sets on a worker or
 * API pod and the runtime reads. Each constant here is a variable of the contract and nothing else
 * (fixed values are in {@link RuntimeValues}); a test checks that the document's table lists
 * exactly these names.
 */
public final class RuntimeEnv {

  /** {@code worker} or {@code api}, both modes; the image's first argument wins. Required. */
  public static final String APPSERVICE_MODE = "APPSERVICE_MODE";

  /** Name of the AppService, both modes. Required. */
  public static final String APPSERVICE_NAME = "APPSERVICE_NAME";

  /** Kafka bootstrap address {@code host:port[,host:port]}, both modes. Required. */
  public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";

  /** Kafka security protocol, both modes. Default {@code PLAINTEXT}. */
  public static final String KAFKA_SECURITY_PROTOCOL = "KAFKA_SECURITY_PROTOCOL";

  /** SASL mechanism (e.g. {@code SCRAM-SHA-512}), both modes; required with SASL. Unset. */
  public static final String KAFKA_SASL_MECHANISM = "KAFKA_SASL_MECHANISM";

  /** SASL JAAS line (KafkaUser Secret key {@code sasl.jaas.config}), both modes. Unset. */
  public static final String KAFKA_SASL_JAAS_CONFIG = "KAFKA_SASL_JAAS_CONFIG";

  /** PEM file of the Kafka cluster CA, both modes. Unset. */
  public static final String KAFKA_CA_CERT_FILE = "KAFKA_CA_CERT_FILE";

  /** PEM client certificate for Kafka {@code tls} authentication, both modes. Unset. */
  public static final String KAFKA_USER_CERT_FILE = "KAFKA_USER_CERT_FILE";

  /** PEM client key for Kafka {@code tls} authentication, both modes. Unset. */
  public static final String KAFKA_USER_KEY_FILE = "KAFKA_USER_KEY_FILE";

  /**
   * Largest record, in bytes, that the runtime produces (key, value and headers, uncompressed, as
   * Kafka's producer counts it), both modes. The operator sets it from {@code
   * spec.kafka.maxRecordBytes} together with the topics' {@code max.message.bytes}. Default {@code
   * 1048576}.
   */
  public static final String KAFKA_MAX_RECORD_BYTES = "KAFKA_MAX_RECORD_BYTES";

  /** Input (command) topic, both modes. Required. */
  public static final String INPUT_TOPIC = "INPUT_TOPIC";

  /** Output (event) topic, both modes. Required. */
  public static final String OUTPUT_TOPIC = "OUTPUT_TOPIC";

  /** Dead-letter topic for poison events, worker mode. Default {@code <INPUT_TOPIC>.dlq}. */
  public static final String DEAD_LETTER_TOPIC = "DEAD_LETTER_TOPIC";

  /** Group id for offsets (lag only), worker mode. Default {@code <APPSERVICE_NAME>-worker}. */
  public static final String CONSUMER_GROUP = "CONSUMER_GROUP";

  /** Number of input partitions, both modes; the operator does not set it. Unset. */
  public static final String PARTITIONS = "PARTITIONS";

  /** The partition this worker owns (the StatefulSet pod index), worker mode. Required there. */
  public static final String PARTITION = "PARTITION";

  /**
   * Size of the runtime's database pool, both modes: worker 3-100 (default 3), API 2-100 (default
   * 10). The operator sets the API's from {@link ConnectionBudget}. Sessions come on top: one per
   * worker, two per API replica.
   */
  public static final String DATABASE_POOL_SIZE = "DATABASE_POOL_SIZE";

  /** Database URL ({@code postgresql://} or {@code jdbc:postgresql://}), both modes. Unset. */
  public static final String DATABASE_URL = "DATABASE_URL";

  /** Database host when {@link #DATABASE_URL} is unset, both modes. Unset. */
  public static final String DATABASE_HOST = "DATABASE_HOST";

  /** Database port when {@link #DATABASE_URL} is unset, both modes. Default {@code 5432}. */
  public static final String DATABASE_PORT = "DATABASE_PORT";

  /** Database name when {@link #DATABASE_URL} is unset, both modes. Unset. */
  public static final String DATABASE_NAME = "DATABASE_NAME";

  /** Database user, both modes. Required unless in {@link #DATABASE_URL}. */
  public static final String DATABASE_USER = "DATABASE_USER";

  /** Database password, both modes. Required unless in {@link #DATABASE_URL}. */
  public static final String DATABASE_PASSWORD = "DATABASE_PASSWORD";

  /**
   * How the database connection uses TLS ({@code disable} ... {@code verify-full}, as libpq), both
   * modes. Unset: as {@link #DATABASE_URL} says, else the JDBC driver's default ({@code prefer}).
   */
  public static final String DATABASE_SSLMODE = "DATABASE_SSLMODE";

  /**
   * File of the CA certificate(s), PEM, that the database server's certificate must chain to, both
   * modes. Used when the file exists. Unset: the JDBC driver's default.
   */
  public static final String DATABASE_SSLROOTCERT = "DATABASE_SSLROOTCERT";

  /** Handler name (ServiceLoader), both modes. Default {@link RuntimeValues#DEFAULT_HANDLER}. */
  public static final String HANDLER = "HANDLER";

  /** Max records per poll batch (one database transaction), worker mode. Default {@code 2000}. */
  public static final String BATCH_MAX_RECORDS = "BATCH_MAX_RECORDS";

  /** How long a command id is remembered ({@code 12h}, {@code 0}: forever), worker. Default 7d. */
  public static final String COMMAND_RETENTION = "COMMAND_RETENTION";

  /** Port of the HTTP API, api mode. Default {@code 8080}. */
  public static final String HTTP_PORT = "HTTP_PORT";

  /** Comma-separated origins (or {@code *}) browsers may call the API from, api mode. Unset. */
  public static final String CORS_ALLOWED_ORIGINS = "CORS_ALLOWED_ORIGINS";

  /** Issuer ({@code iss}) of the bearer tokens the API accepts (OIDC), api mode. Unset. */
  public static final String API_AUTH_JWT_ISSUER = "API_AUTH_JWT_ISSUER";

  /** Audience ({@code aud}) the API's bearer tokens must name, api mode; with the issuer. */
  public static final String API_AUTH_JWT_AUDIENCE = "API_AUTH_JWT_AUDIENCE";

  /** The issuer's JWKS URL, api mode. Default: {@code jwks_uri} of its OIDC discovery document. */
  public static final String API_AUTH_JWT_JWKS_URI = "API_AUTH_JWT_JWKS_URI";

  /** The token claim that holds the caller's scopes, api mode. Default {@code scope}. */
  public static final String API_AUTH_JWT_SCOPES_CLAIM = "API_AUTH_JWT_SCOPES_CLAIM";

  /** File of hashed API keys and their scopes (mounted from a Secret), api mode. Unset. */
  public static final String API_AUTH_API_KEYS_FILE = "API_AUTH_API_KEYS_FILE";

  /** {@code true}: callers without credentials may do everything, api mode. Default false. */
  public static final String API_AUTH_ANONYMOUS = "API_AUTH_ANONYMOUS";

  /** Port of health checks and metrics, both modes. Default {@code 9090}. */
  public static final String MANAGEMENT_PORT = "MANAGEMENT_PORT";

  /**
   * Bytes of output events the API keeps for late outcome reads, api mode. Default 1/16 of the
   * heap.
   */
  public static final String API_RECENT_EVENTS_BYTES = "API_RECENT_EVENTS_BYTES";

  /**
   * Bytes of commands the API holds while partitions are added (more: 503), api mode. Default 1/8
   * of the heap.
   */
  public static final String API_HELD_COMMANDS_BYTES = "API_HELD_COMMANDS_BYTES";

  /** Open SSE streams (more: 503), api mode. Default from the heap, 10-1000. */
  public static final String API_MAX_EVENT_STREAMS = "API_MAX_EVENT_STREAMS";

  /** Commands the API waits for at once (more: 503), api mode. Default from the heap. */
  public static final String API_MAX_TRACKED_COMMANDS = "API_MAX_TRACKED_COMMANDS";

  private RuntimeEnv() {}
}
