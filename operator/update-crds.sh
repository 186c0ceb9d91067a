#!/usr/bin/env bash
# Regenerates the AppService CRD from the model classes and copies it to crds/ and to the Helm
# chart. CrdsAreCommittedTest fails the build while either copy is stale.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source hack/java-home.sh
./mvnw -B -q -pl operator process-classes
for dir in crds charts/appservice-operator/crds; do
  mkdir -p "$dir"
  cp operator/target/classes/META-INF/fabric8/*.yml "$dir/"
done
echo "CRDs refreshed in crds/ and charts/appservice-operator/crds/"
