#!/usr/bin/env bash
# The soak: the API in its own JVM with a 256 MiB heap, two workers, mixed load (commands with
# waits at a steady rate, bodies near and over the record limit, malformed requests, SSE readers of
# which two are slow) for several minutes; prints per-10 s throughput, latency, 503s and heap after
# GC, then the audit (exit 1 if it fails). Defaults: 180 s, 32 clients, 400 commands/s; override
# with -Dbench.seconds=... -Dbench.clients=... -Dbench.rate=...
# Picks a JDK 21+ itself (hack/java-home.sh). Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source hack/java-home.sh
exec ./mvnw -B -pl bench -am verify -Pbench-soak -DskipTests -Djib.skip \
  -Dbench.seconds=180 -Dbench.clients=32 "$@"
