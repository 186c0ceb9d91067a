#!/usr/bin/env bash
# The operator at scale: N AppServices (default 100) created at once against the real
# kube-apiserver + etcd of the integration tests. Results and their reading: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source hack/java-home.sh
exec ./mvnw -B -pl bench/operator -am verify -Pbench-operator -DskipTests -Djib.skip "$@"
