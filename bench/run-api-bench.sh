#!/usr/bin/env bash
# Command round trip through the HTTP API (POST with Prefer: wait) at several request rates, next
# to the worker alone and the raw floor (produce, consume, one commit), in one run; writes
# bench/target/api-bench.png (-Dbench.publish=true: also docs/img/).
# Picks a JDK 21+ itself (hack/java-home.sh). Results and their interpretation: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source hack/java-home.sh
exec ./mvnw -B -pl bench -am verify -Pbench-api -DskipTests -Djib.skip "$@"
