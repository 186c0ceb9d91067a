package dev.appservice.contract;

import java.util.OptionalInt;

/**
 * How many PostgreSQL connections an AppService holds, from one rule that the operator (to size
 * CloudNativePG's {@code max_connections} and the API's pool) and the runtime (its pool sizes,
 * {@link RuntimeEnv#DATABASE_POOL_SIZE}) share.
 *
 * <p>A worker holds its pool ({@link #WORKER_POOL}: batches, and at start the migrations' lock and
 * Flyway) and its fencing session. An API replica holds its pool (reads, outcome lookups, queries)
 * and two sessions: the fulfilment listener ({@code LISTEN} needs a session of its own, so none of
 * this can go through a transaction-mode pooler) and the routing lease. During a rolling update a
 * Deployment runs a quarter more API replicas (Kubernetes' default surge, rounded up).
 */
public final class ConnectionBudget {
  /** A worker's pool: one for the batch, three at start for the migrations. */
  public static final int WORKER_POOL = 3;

  /** A worker's fencing session. */
  public static final int WORKER_SESSIONS = 1;

  /** An API replica's pool when the budget allows it. */
  public static final int API_POOL = 10;

  /** The smallest useful API pool. */
  public static final int API_MIN_POOL = 2;

  /** An API replica's fulfilment listener and routing lease. */
  public static final int API_SESSIONS = 2;

  /**
   * Kept free on a CloudNativePG cluster: PostgreSQL's superuser slots, the instance manager, a
   * backup, a person with psql, and connections of killed pods the server has not noticed yet.
   */
  public static final int RESERVE = 20;

  /**
   * CloudNativePG's {@code max_connections} goes up in steps of this, never below PostgreSQL's 100.
   */
  public static final int STEP = 100;

  private ConnectionBudget() {}

  /** Connections of the workers of {@code partitions} partitions. */
  public static int workers(int partitions) {
    return partitions * (WORKER_POOL + WORKER_SESSIONS);
  }

  /** API replicas running during a rolling update of {@code replicas}. */
  public static int apiReplicasInRollout(int replicas) {
    return replicas + (replicas + 3) / 4;
  }

  /** Connections of {@code replicas} API replicas with pools of {@code pool}, in a rollout. */
  public static int api(int replicas, int pool) {
    return apiReplicasInRollout(replicas) * (pool + API_SESSIONS);
  }

  /** What the AppService needs with full API pools, without the reserve. */
  public static int needed(int partitions, int apiReplicas) {
    return workers(partitions) + api(apiReplicas, API_POOL);
  }

  /**
   * CloudNativePG's {@code max_connections}: what is needed plus the reserve, rounded up to a step,
   * so that adding a few partitions does not restart PostgreSQL each time (a change of {@code
   * max_connections} needs a restart, which CloudNativePG rolls out).
   */
  public static int maxConnections(int partitions, int apiReplicas) {
    int needed = needed(partitions, apiReplicas) + RESERVE;
    return Math.max(STEP, (needed + STEP - 1) / STEP * STEP);
  }

  /**
   * The API pool that fits in a budget of {@code budget} connections (an external database's share
   * for this AppService): the full pool if it fits, else what is left after the workers, or empty
   * if that is below {@link #API_MIN_POOL}.
   */
  public static OptionalInt apiPool(int budget, int partitions, int apiReplicas) {
    if (apiReplicas == 0) {
      return workers(partitions) <= budget ? OptionalInt.of(API_POOL) : OptionalInt.empty();
    }
    int perReplica = (budget - workers(partitions)) / apiReplicasInRollout(apiReplicas);
    int pool = Math.min(API_POOL, perReplica - API_SESSIONS);
    return pool >= API_MIN_POOL ? OptionalInt.of(pool) : OptionalInt.empty();
  }

  /** The smallest budget in which the API still gets {@link #API_MIN_POOL}. */
  public static int smallestBudget(int partitions, int apiReplicas) {
    return workers(partitions) + (apiReplicas == 0 ? 0 : api(apiReplicas, API_MIN_POOL));
  }
}
