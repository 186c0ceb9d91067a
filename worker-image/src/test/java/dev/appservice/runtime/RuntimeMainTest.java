package dev.appservice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeMainTest {

  @Test
  void apiModeWithAnInvalidPortExitsWithTwo() throws Exception {
    Map<String, String> env =
        Map.of(
            "APPSERVICE_NAME", "customers",
            "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
            "INPUT_TOPIC", "in",
            "OUTPUT_TOPIC", "out",
            "PARTITIONS", "3",
            "DATABASE_URL", "postgresql://u:p@db/app",
            "HTTP_PORT", "http");

    assertThat(RuntimeMain.run(new String[] {"api"}, env)).isEqualTo(2);
  }

  @Test
  void invalidConfigurationExitsWithTwo() throws Exception {
    assertThat(RuntimeMain.run(new String[] {"worker"}, Map.of())).isEqualTo(2);
  }
}
