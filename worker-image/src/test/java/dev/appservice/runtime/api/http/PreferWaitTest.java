package dev.appservice.runtime.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.appservice.runtime.api.problem.Problem;
import org.junit.jupiter.api.Test;

class PreferWaitTest {

  @Test
  void waitIsReadAmongOtherPreferencesAndCapped() {
    assertThat(PreferWait.seconds(null)).isZero();
    assertThat(PreferWait.seconds("respond-async")).isZero();
    assertThat(PreferWait.seconds("wait=5")).isEqualTo(5);
    assertThat(PreferWait.seconds("respond-async, wait=7")).isEqualTo(7);
    assertThat(PreferWait.seconds("WAIT = 3")).isEqualTo(3);
    assertThat(PreferWait.seconds("wait=3600")).isEqualTo(PreferWait.MAX_SECONDS);
  }

  @Test
  void aMalformedWaitIsAClientError() {
    for (String bad : new String[] {"wait=", "wait=-1", "wait=1.5", "wait=abc"}) {
      assertThatThrownBy(() -> PreferWait.seconds(bad)).as(bad).isInstanceOf(Problem.class);
    }
  }
}
