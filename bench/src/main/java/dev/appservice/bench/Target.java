package dev.appservice.bench;

import java.text.DecimalFormat;
import java.util.Arrays;

/**
 * A benchmark target: a ratio of two scenarios measured side by side, which must be at least (or at
 * most) a threshold. Measured in several rounds, the median round decides and the range of the
 * rounds is printed beside it.
 *
 * @param ratio what is divided by what, as printed
 * @param threshold in the printed unit: 90 for 90%, 1.5 for 1.5x
 * @param atLeast whether the ratio must reach the threshold (else stay at or below it)
 * @param percent printed as a percentage (else as a multiple, "x")
 * @param decimals decimals of the printed ratio
 */
record Target(String ratio, double threshold, boolean atLeast, boolean percent, int decimals) {
  static Target atLeastPercent(String ratio, double percent) {
    return new Target(ratio, percent, true, true, 0);
  }

  static Target atLeastTimes(String ratio, double times) {
    return new Target(ratio, times, true, false, 1);
  }

  static Target atMostTimes(String ratio, double times) {
    return new Target(ratio, times, false, false, 2);
  }

  boolean met(double ratio) {
    double shown = percent ? 100 * ratio : ratio;
    return atLeast ? shown >= threshold : shown <= threshold;
  }

  /** The verdict line for the ratios of the rounds, e.g. {@code a / b = 93% (...) PASS}. */
  String verdict(double... rounds) {
    double median = median(rounds);
    String target =
        "target "
            + (atLeast ? ">= " : "<= ")
            + new DecimalFormat("0.##").format(threshold)
            + unit();
    // A median just short of the threshold must not print as equal to it.
    int shown = decimals;
    while (shown < decimals + 3 && met(rounded(median, shown)) != met(median)) {
      shown++;
    }
    return line(target, shown, rounds) + "  " + (met(median) ? "PASS" : "MISS");
  }

  /** A ratio printed as a target would be, for information only. */
  static String information(String ratio, double... rounds) {
    return new Target(ratio, 0, true, true, 0).line("information only", 0, rounds);
  }

  private String line(String note, int medianDecimals, double... rounds) {
    String spread =
        rounds.length > 1
            ? String.format(
                "; median of rounds, range %s-%s%s",
                number(Arrays.stream(rounds).min().orElseThrow(), decimals),
                number(Arrays.stream(rounds).max().orElseThrow(), decimals),
                unit())
            : "";
    String median = number(median(rounds), medianDecimals) + unit();
    return String.format("%-23s = %s (%s%s)", ratio, median, note, spread);
  }

  private String number(double ratio, int decimals) {
    return String.format("%." + decimals + "f", percent ? 100 * ratio : ratio);
  }

  private double rounded(double ratio, int decimals) {
    double scale = Math.pow(10, decimals) * (percent ? 100 : 1);
    return Math.round(ratio * scale) / scale;
  }

  private String unit() {
    return percent ? "%" : "x";
  }

  static double median(double... values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
