#!/usr/bin/env bash
# Worker throughput against raw JDBC (B1) and a naive loop (B2), side by side in one run.
# Picks a JDK 21+ itself (hack/java-home.sh). Results and their interpretation: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source hack/java-home.sh
exec ./mvnw -B -pl bench -am verify -Pbench -DskipTests -Djib.skip "$@"
