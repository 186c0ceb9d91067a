package dev.appservice.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Materialization throughput of the worker against, in the same run on the same PostgreSQL, the raw
 * batched JDBC ceiling (B1) and a naive one-record-at-a-time loop (B2). Prints events/s and the
 * ratios that docs/benchmarks.md records.
 *
 * <p>The one-partition targets are measured in rounds: each round runs B1 and then the worker with
 * and without output events back to back, and its ratios compare those neighbours. The verdict uses
 * the median round, so a slow spell of the shared machine during one scenario moves one round
 * instead of the result.
 */
public final class WorkerBench {
  private static final int EVENTS = Integer.getInteger("bench.events", 200_000);
  private static final int NAIVE_EVENTS = Integer.getInteger("bench.naiveEvents", 5_000);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
  private static final int BATCH = 2000;
  private static final int MALFORMED_EVERY = 1000;

  /** One round's neighbours, in events/s. */
  private record Round(double b1, double noOutput, double oneOutput) {
    double noOutputRatio() {
      return noOutput / b1;
    }

    double oneOutputRatio() {
      return oneOutput / b1;
    }
  }

  public static void main(String[] args) throws Exception {
    Workload workload = new Workload(EVENTS);
    try (Infra infra = new Infra()) {
      // Steady state, as a long-running worker sees it: every measured code path runs once at full
      // size first, so the JIT has compiled it before any scenario counts (a shorter warm-up left
      // the JIT compiling through the first worker scenarios, which B1 did not have to bear).
      Workers.eventsPerSecond(infra, workload, "warmup", 1, "document");
      Workers.eventsPerSecond(infra, workload, "warmup-silent", 1, "document-no-output");
      RawJdbc.eventsPerSecond(infra, workload, BATCH);
      RawJdbc.eventsPerSecond(infra, workload, BATCH, true);

      List<Round> rounds = new ArrayList<>();
      double b1f = 0;
      for (int r = 1; r <= ROUNDS; r++) {
        double b1 = RawJdbc.eventsPerSecond(infra, workload, BATCH);
        if (r == 1) {
          b1f = RawJdbc.eventsPerSecond(infra, workload, BATCH, true);
        }
        double noOutput =
            Workers.eventsPerSecond(infra, workload, "silent-" + r, 1, "document-no-output");
        double oneOutput = Workers.eventsPerSecond(infra, workload, "p1-" + r, 1, "document");
        rounds.add(new Round(b1, noOutput, oneOutput));
      }
      double b2 = NaiveLoop.eventsPerSecond(infra, workload, NAIVE_EVENTS);
      double p2 = Workers.eventsPerSecond(infra, workload, "p2", 2, "document");
      double p4 = Workers.eventsPerSecond(infra, workload, "p4", 4, "document");
      double malformed =
          Workers.eventsPerSecond(
              infra, new Workload(EVENTS, MALFORMED_EVERY), "malformed", 1, "document");

      System.out.printf("%nrounds (%d events each)   B1 events/s   no output   1 output", EVENTS);
      System.out.printf("   no output / B1   1 output / B1%n");
      for (int r = 0; r < rounds.size(); r++) {
        Round round = rounds.get(r);
        System.out.printf(
            "  round %d %21.0f %11.0f %10.0f %15.0f%% %14.0f%%%n",
            r + 1,
            round.b1(),
            round.noOutput(),
            round.oneOutput(),
            100 * round.noOutputRatio(),
            100 * round.oneOutputRatio());
      }
      double b1 = median(rounds.stream().mapToDouble(Round::b1).toArray());
      double oneOutput = median(rounds.stream().mapToDouble(Round::oneOutput).toArray());
      double noOutputRatio = median(rounds.stream().mapToDouble(Round::noOutputRatio).toArray());
      double oneOutputRatio = median(rounds.stream().mapToDouble(Round::oneOutputRatio).toArray());

      System.out.printf("%n%-62s %12s%n", "scenario (" + EVENTS + " events)", "events/s");
      row("B1 raw batched JDBC upserts, no Kafka (median of the rounds)", b1);
      row("B1f = B1 + the worker's fulfilment records, no Kafka (round 1)", b1f);
      row("B2 naive loop: update, produce, commit per record (" + NAIVE_EVENTS + ")", b2);
      row(
          "worker, 1 partition, no output events (median)",
          median(rounds.stream().mapToDouble(Round::noOutput).toArray()));
      row("worker, 1 partition, 1 output event per input (median)", oneOutput);
      row("worker, 2 partitions, 1 output event per input", p2);
      row("worker, 4 partitions, 1 output event per input", p4);
      row("worker, 1 partition, 1 output, 1 malformed command in " + MALFORMED_EVERY, malformed);
      System.out.printf("%nratios (median round of %d)%n", rounds.size());
      System.out.printf(
          "  worker 1 output / B2          = %6.1fx   (target >= 30x)%n", oneOutput / b2);
      System.out.printf(
          "  worker no output / B1         = %6.0f%%   (target >= 70%%; rounds %s)%n",
          100 * noOutputRatio, range(rounds, Round::noOutputRatio));
      System.out.printf(
          "  worker 1 output / B1          = %6.0f%%   (target >= 50%%; rounds %s)%n",
          100 * oneOutputRatio, range(rounds, Round::oneOutputRatio));
      System.out.printf(
          "  B1f / B1                      = %6.0f%%   (the fulfilment records alone, round 1)%n",
          100 * b1f / rounds.getFirst().b1());
      System.out.printf(
          "  worker no output / B1f        = %6.0f%%   (round 1)%n",
          100 * rounds.getFirst().noOutput() / b1f);
    }
    System.exit(0);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String range(
      List<Round> rounds, java.util.function.ToDoubleFunction<Round> ratio) {
    double min = rounds.stream().mapToDouble(ratio).min().orElseThrow();
    double max = rounds.stream().mapToDouble(ratio).max().orElseThrow();
    return String.format("%.0f-%.0f%%", 100 * min, 100 * max);
  }

  private static void row(String name, double eventsPerSecond) {
    System.out.printf("%-62s %12.0f%n", name, eventsPerSecond);
  }

  private WorkerBench() {}
}
