#!/usr/bin/env sh
# Command round trip through the HTTP API (POST with Prefer: wait) at several request rates, next
# to the worker alone and the raw floor (produce, consume, one commit), in one run.
# Needs JDK 21+ as JAVA_HOME. Results and their interpretation: docs/benchmarks.md.
set -eu
cd "$(dirname "$0")/.."
exec ./mvnw -B -pl bench -am verify -Pbench-api -DskipTests -Djib.skip "$@"
