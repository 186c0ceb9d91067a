package dev.appservice.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Materialization throughput of the worker against, in the same run on the same PostgreSQL, the raw
 * batched JDBC ceiling (B1), B1 plus the fulfilment record the runtime must write per command (B1f)
 * and a naive one-record-at-a-time loop (B2). Prints events/s, the verdict on each target and a
 * plot (worker-bench.png).
 *
 * <p>The one-partition targets are measured in rounds: each round runs B1, B1f and then the worker
 * without and with output events back to back, and its ratios compare those neighbours. The verdict
 * uses the median round, so a slow spell of the shared machine during one scenario moves one round
 * instead of the result.
 */
public final class WorkerBench {
  private static final int EVENTS = Integer.getInteger("bench.events", 200_000);
  private static final int NAIVE_EVENTS = Integer.getInteger("bench.naiveEvents", 5_000);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
  private static final int BATCH = 2000;
  private static final int MALFORMED_EVERY = 1000;

  private static final Target NO_OUTPUT = Target.atLeastPercent("worker no output / B1f", 90);
  private static final Target ONE_OUTPUT = Target.atLeastPercent("worker 1 output / B1", 50);
  private static final Target VS_NAIVE = Target.atLeastTimes("worker 1 output / B2", 30);
  private static final Target TYPED =
      Target.atLeastPercent("handler API, 1 output / document handler, 1 output", 80);

  /** One round's neighbours, in events/s. */
  private record Round(double b1, double b1f, double noOutput, double oneOutput, double typed) {}

  public static void main(String[] args) throws Exception {
    Workload workload = new Workload(EVENTS);
    try (Infra infra = new Infra()) {
      // Steady state, as a long-running worker sees it: every measured code path runs once at full
      // size first, so the JIT has compiled it before any scenario counts (a shorter warm-up left
      // the JIT compiling through the first worker scenarios, which B1 did not have to bear).
      Workers.eventsPerSecond(infra, workload, "warmup", 1, "document");
      Workers.eventsPerSecond(infra, workload, "warmup-silent", 1, "document-no-output");
      Workers.eventsPerSecond(infra, workload, "warmup-typed", 1, "typed-customers");
      RawJdbc.eventsPerSecond(infra, workload, BATCH);
      RawJdbc.eventsPerSecond(infra, workload, BATCH, true);

      List<Round> rounds = new ArrayList<>();
      for (int r = 1; r <= ROUNDS; r++) {
        rounds.add(
            new Round(
                RawJdbc.eventsPerSecond(infra, workload, BATCH),
                RawJdbc.eventsPerSecond(infra, workload, BATCH, true),
                Workers.eventsPerSecond(infra, workload, "silent-" + r, 1, "document-no-output"),
                Workers.eventsPerSecond(infra, workload, "p1-" + r, 1, "document"),
                Workers.eventsPerSecond(infra, workload, "typed-" + r, 1, "typed-customers")));
      }
      double b2 = NaiveLoop.eventsPerSecond(infra, workload, NAIVE_EVENTS);
      double p2 = Workers.eventsPerSecond(infra, workload, "p2", 2, "document");
      double p4 = Workers.eventsPerSecond(infra, workload, "p4", 4, "document");
      double malformed =
          Workers.eventsPerSecond(
              infra, new Workload(EVENTS, MALFORMED_EVERY), "malformed", 1, "document");

      printRounds(rounds);
      double b1 = median(rounds, Round::b1);
      double b1f = median(rounds, Round::b1f);
      double noOutput = median(rounds, Round::noOutput);
      double oneOutput = median(rounds, Round::oneOutput);
      double typed = median(rounds, Round::typed);
      System.out.printf("%n%-62s %12s%n", "scenario (" + EVENTS + " events)", "events/s");
      row("B1 raw batched JDBC upserts, no Kafka (median of the rounds)", b1);
      row("B1f = B1 + the worker's fulfilment records, no Kafka (median)", b1f);
      row("B2 naive loop: update, produce, commit per record (" + NAIVE_EVENTS + ")", b2);
      row("worker, 1 partition, no output events (median)", noOutput);
      row("worker, 1 partition, 1 output event per input (median)", oneOutput);
      row("worker, 1 partition, 1 output, handler API (TypedCustomers; median)", typed);
      row("worker, 2 partitions, 1 output event per input", p2);
      row("worker, 4 partitions, 1 output event per input", p4);
      row("worker, 1 partition, 1 output, 1 malformed command in " + MALFORMED_EVERY, malformed);

      System.out.printf("%ntargets (%d rounds)%n", rounds.size());
      verdict(NO_OUTPUT, rounds, r -> r.noOutput() / r.b1f());
      verdict(ONE_OUTPUT, rounds, r -> r.oneOutput() / r.b1());
      verdict(VS_NAIVE, rounds, r -> r.oneOutput() / b2);
      verdict(TYPED, rounds, r -> r.typed() / r.oneOutput());
      System.out.println("information");
      information("worker no output / B1", rounds, r -> r.noOutput() / r.b1());
      information("B1f / B1", rounds, r -> r.b1f() / r.b1());

      Plots.bars(
          "worker-bench.png",
          "Worker throughput, 1 partition (" + EVENTS + " events, median of " + ROUNDS + " rounds)",
          "events/s",
          List.of(
              new Plots.Bar("B1", b1),
              new Plots.Bar("B1f", b1f),
              new Plots.Bar("worker, no output", noOutput),
              new Plots.Bar("worker, 1 output", oneOutput),
              new Plots.Bar("handler API, 1 output", typed),
              new Plots.Bar("B2", b2)),
          List.of(
              new Plots.Level("target for no output: 90% of B1f", 0.9 * b1f),
              new Plots.Level("target for 1 output: 50% of B1", 0.5 * b1),
              new Plots.Level("target for 1 output: 30x B2", 30 * b2)));
    }
    System.exit(0);
  }

  private static void printRounds(List<Round> rounds) {
    System.out.printf(
        "%nrounds (%d events each)   B1 events/s    B1f   no output   1 output   typed", EVENTS);
    System.out.printf("   no output / B1f   1 output / B1   no output / B1   typed / 1 output%n");
    for (int r = 0; r < rounds.size(); r++) {
      Round round = rounds.get(r);
      System.out.printf(
          "  round %d %21.0f %6.0f %11.0f %10.0f %7.0f %16.0f%% %14.0f%% %15.0f%% %17.0f%%%n",
          r + 1,
          round.b1(),
          round.b1f(),
          round.noOutput(),
          round.oneOutput(),
          round.typed(),
          100 * round.noOutput() / round.b1f(),
          100 * round.oneOutput() / round.b1(),
          100 * round.noOutput() / round.b1(),
          100 * round.typed() / round.oneOutput());
    }
  }

  private static void verdict(Target target, List<Round> rounds, ToDoubleFunction<Round> ratio) {
    System.out.println("  " + target.verdict(rounds.stream().mapToDouble(ratio).toArray()));
  }

  private static void information(String name, List<Round> rounds, ToDoubleFunction<Round> ratio) {
    System.out.println(
        "  " + Target.information(name, rounds.stream().mapToDouble(ratio).toArray()));
  }

  private static double median(List<Round> rounds, ToDoubleFunction<Round> value) {
    return Target.median(rounds.stream().mapToDouble(value).toArray());
  }

  private static void row(String name, double eventsPerSecond) {
    System.out.printf("%-62s %12.0f%n", name, eventsPerSecond);
  }

  private WorkerBench() {}
}
