package dev.appservice.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void connectionAndShutdownErrorsAreTransient() {
    assertThat(Failures.isTransient(new SQLException("io", "08006"))).isTrue();
    assertThat(Failures.isTransient(new SQLException("admin shutdown", "57P01"))).isTrue();
    assertThat(Failures.isTransient(new SQLException("deadlock", "40P01"))).isTrue();
    assertThat(Failures.isTransient(new SQLTransientConnectionException("pool timeout"))).isTrue();
    assertThat(Failures.isTransient(new RuntimeException(new SQLException("io", "08001"))))
        .isTrue();
  }

  @Test
  void dataErrorsAreTheEventsFault() {
    assertThat(Failures.isTransient(new SQLException("bad json", "22P02"))).isFalse();
    assertThat(Failures.isTransient(new SQLException("unique", "23505"))).isFalse();
    assertThat(Failures.isTransient(new IllegalArgumentException("nope"))).isFalse();
  }
}
