package dev.appservice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetTest {

  @Test
  void theMedianRoundDecidesAndTheRangeIsPrinted() {
    var target = Target.atLeastPercent("worker no output / B1f", 90);
    String verdict = target.verdict(0.92, 0.93, 0.95, 0.86, 0.94);
    assertThat(verdict)
        .startsWith("worker no output / B1f  = 93% (target >= 90%")
        .contains("range 86-95%")
        .endsWith("PASS");
    assertThat(target.verdict(0.80, 0.85, 0.95)).endsWith("MISS");
  }

  @Test
  void aMedianJustShortOfTheThresholdIsNotPrintedAsEqualToIt() {
    String verdict = Target.atLeastPercent("a / b", 90).verdict(0.8996);
    assertThat(verdict).endsWith("MISS").doesNotContain("= 90% (");
    assertThat(verdict).contains("= 89.96%");
  }

  @Test
  void anUpperBoundPassesAtOrBelowIt() {
    var target = Target.atMostTimes("API / worker only", 1.5);
    assertThat(target.verdict(1.43)).contains("1.43x (target <= 1.5x)").endsWith("PASS");
    assertThat(target.verdict(1.5)).endsWith("PASS");
    assertThat(target.verdict(1.51)).endsWith("MISS");
  }

  @Test
  void medianOfAnEvenNumberOfRoundsIsTheMeanOfTheMiddleTwo() {
    assertThat(Target.median(4, 1, 3, 2)).isEqualTo(2.5);
    assertThat(Target.median(7)).isEqualTo(7);
  }
}
