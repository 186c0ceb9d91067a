package dev.appservice.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.appservice.kit.LocalPostgres;
import dev.appservice.runtime.support.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime's database settings against a real PostgreSQL serving TLS with a certificate for
 * "localhost": verify-full connects over TLS with the right CA only, and only to the name the
 * certificate holds.
 */
class DatabaseTlsIT {

  static Path dir;
  static LocalPostgres postgres;
  static Path ca;
  static Path otherCa;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "tls");
    var certificates = new TestCertificates("test database CA");
    certificates.writeServer(dir, "localhost");
    ca = certificates.writeCa(dir.resolve("ca.crt"));
    otherCa = new TestCertificates("someone else's CA").writeCa(dir.resolve("other-ca.crt"));
    postgres =
        LocalPostgres.start(
            dir.resolve("data"),
            Map.of(
                "ssl", "on",
                "ssl_cert_file", dir.resolve("server.crt").toString(),
                "ssl_key_file", dir.resolve("server.key").toString()));
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @Test
  void verifyFullWithTheServersCaConnectsOverTls() throws Exception {
    var settings = settings("localhost", "verify-full", ca);
    try (var connection = connect(settings);
        var rs =
            connection
                .createStatement()
                .executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBoolean(1)).as("the session is encrypted").isTrue();
    }
  }

  @Test
  void aServerThatTheCaDidNotSignIsRefused() {
    var settings = settings("localhost", "verify-full", otherCa);
    assertThatThrownBy(() -> connect(settings).close()).isInstanceOf(SQLException.class);
  }

  @Test
  void verifyFullChecksTheNameAndVerifyCaDoesNot() throws Exception {
    // The certificate is for "localhost", not for the address.
    assertThatThrownBy(() -> connect(settings("127.0.0.1", "verify-full", ca)).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("127.0.0.1");
    connect(settings("127.0.0.1", "verify-ca", ca)).close();
  }

  private static DatabaseSettings settings(String host, String mode, Path rootCert) {
    Map<String, String> env = new HashMap<>();
    env.put("APPSERVICE_MODE", "worker");
    env.put("APPSERVICE_NAME", "tls");
    env.put("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
    env.put("INPUT_TOPIC", "tls.commands");
    env.put("OUTPUT_TOPIC", "tls.events");
    env.put("PARTITION", "0");
    env.put("DATABASE_URL", "jdbc:postgresql://" + host + ":" + postgres.port() + "/postgres");
    env.put("DATABASE_USER", LocalPostgres.USER);
    env.put("DATABASE_PASSWORD", LocalPostgres.PASSWORD);
    env.put("DATABASE_SSLMODE", mode);
    env.put("DATABASE_SSLROOTCERT", rootCert.toString());
    return RuntimeConfig.fromEnv(env, Optional.empty()).database();
  }

  private static java.sql.Connection connect(DatabaseSettings settings) throws SQLException {
    return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
  }
}
