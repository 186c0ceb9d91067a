#!/usr/bin/env sh
# Worker throughput against raw JDBC (B1) and a naive loop (B2), side by side in one run.
# Needs JDK 21+ as JAVA_HOME. Results and their interpretation: docs/benchmarks.md.
set -eu
cd "$(dirname "$0")/.."
exec ./mvnw -B -pl bench -am verify -Pbench -DskipTests -Djib.skip "$@"
