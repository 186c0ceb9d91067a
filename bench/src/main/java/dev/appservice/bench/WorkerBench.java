package dev.appservice.bench;

/**
 * Materialization throughput of the worker against, in the same run on the same PostgreSQL, the raw
 * batched JDBC ceiling (B1) and a naive one-record-at-a-time loop (B2). Prints events/s and the
 * ratios that docs/benchmarks.md records.
 */
public final class WorkerBench {
  private static final int EVENTS = Integer.getInteger("bench.events", 200_000);
  private static final int NAIVE_EVENTS = Integer.getInteger("bench.naiveEvents", 5_000);
  private static final int BATCH = 2000;

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

      double b1First = RawJdbc.eventsPerSecond(infra, workload, BATCH);
      double b1f = RawJdbc.eventsPerSecond(infra, workload, BATCH, true);
      double noOutput = Workers.eventsPerSecond(infra, workload, "silent", 1, "document-no-output");
      double oneOutput = Workers.eventsPerSecond(infra, workload, "p1", 1, "document");
      double b2 = NaiveLoop.eventsPerSecond(infra, workload, NAIVE_EVENTS);
      double p2 = Workers.eventsPerSecond(infra, workload, "p2", 2, "document");
      double p4 = Workers.eventsPerSecond(infra, workload, "p4", 4, "document");
      double b1Last = RawJdbc.eventsPerSecond(infra, workload, BATCH);
      double b1 = (b1First + b1Last) / 2;

      System.out.printf("%n%-62s %12s%n", "scenario (" + EVENTS + " events)", "events/s");
      row("B1 raw batched JDBC upserts, no Kafka (first run)", b1First);
      row("B1 raw batched JDBC upserts, no Kafka (last run)", b1Last);
      row("B1f = B1 + the worker's fulfilment records, no Kafka", b1f);
      row("B2 naive loop: update, produce, commit per record (" + NAIVE_EVENTS + ")", b2);
      row("worker, 1 partition, no output events", noOutput);
      row("worker, 1 partition, 1 output event per input", oneOutput);
      row("worker, 2 partitions, 1 output event per input", p2);
      row("worker, 4 partitions, 1 output event per input", p4);
      System.out.printf("%nratios (B1 = mean of both runs = %.0f events/s)%n", b1);
      System.out.printf(
          "  worker 1 output / B2          = %6.1fx   (target >= 30x)%n", oneOutput / b2);
      System.out.printf(
          "  worker no output / B1         = %6.0f%%   (target >= 70%%)%n", 100 * noOutput / b1);
      System.out.printf(
          "  worker 1 output / B1          = %6.0f%%   (target >= 50%%)%n", 100 * oneOutput / b1);
      System.out.printf(
          "  B1f / B1                      = %6.0f%%   (the fulfilment records alone)%n",
          100 * b1f / b1);
      System.out.printf("  worker no output / B1f        = %6.0f%%%n", 100 * noOutput / b1f);
    }
    System.exit(0);
  }

  private static void row(String name, double eventsPerSecond) {
    System.out.printf("%-62s %12.0f%n", name, eventsPerSecond);
  }

  private WorkerBench() {}
}
