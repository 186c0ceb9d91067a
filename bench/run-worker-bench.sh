#!/usr/bin/env bash
# Worker throughput against raw JDBC (B1), B1 with the fulfilment records (B1f) and a naive loop
# (B2), side by side in one run; writes bench/target/worker-bench.png (-Dbench.publish=true: also
# docs/img/).
# Picks a JDK 21+ itself (hack/java-home.sh). Results and their interpretation: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source hack/java-home.sh
exec ./mvnw -B -pl bench -am verify -Pbench -DskipTests -Djib.skip "$@"
