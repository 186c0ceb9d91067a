#!/usr/bin/env bash
# Provides kube-apiserver, etcd and kubectl for fabric8 kube-api-test without
# downloading them from the Kubernetes release buckets: the binaries are built
# from Go modules (served by the Go module proxy) with the local Go toolchain.
#
# Usage: hack/kube-binaries.sh [CACHE_DIR]
#
#   CACHE_DIR  kube-api-test directory; defaults to $KUBE_API_TEST_DIR, then
#              ${XDG_CACHE_HOME:-$HOME/.cache}/appservice-operator/kubeapitest.
#              Binaries land in CACHE_DIR/k8s/<version>-<os>-<arch>/, the layout
#              kube-api-test looks for.
#
# Environment:
#   GO                          go command to use (default: go from PATH)
#   KUBE_BINARIES_BUILD_KUBECTL=1  always build kubectl instead of reusing an
#                               installed one
#
# Without Go on the machine the script does nothing and exits 0; kube-api-test
# then downloads the binaries itself (which needs internet access).
# See hack/kube-binaries/README.md.
set -euo pipefail

# Pinned versions. Bumping: see hack/kube-binaries/README.md (the go.mod files
# under hack/kube-binaries/ must be updated to match; the build checks this).
KUBE_VERSION=1.34.4
ETCD_VERSION=3.6.5

log() { printf '[kube-binaries] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

case "${1:-}" in
  -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac

cache_dir=${1:-${KUBE_API_TEST_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/appservice-operator/kubeapitest}}

# Platform suffix as kube-api-test computes it (os.name / os.arch, Go-style arch).
case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) os=$(uname -s | tr '[:upper:]' '[:lower:]') ;;
esac
case "$(uname -m)" in
  x86_64|amd64) arch=amd64 ;;
  aarch64|arm64) arch=arm64 ;;
  ppc64le) arch=ppc64le ;;
  *) arch=$(uname -m) ;;
esac

k8s_dir=$cache_dir/k8s
target=$k8s_dir/$KUBE_VERSION-$os-$arch
binaries=(kube-apiserver etcd kubectl)

complete() {
  local b
  for b in "${binaries[@]}"; do
    [[ -f $1/$b && -x $1/$b ]] || return 1
  done
}

# Hot path: nothing to do.
if complete "$target"; then
  log "reusing $target"
  exit 0
fi

GO=${GO:-go}
if ! command -v "$GO" >/dev/null 2>&1; then
  log "Go toolchain not found ('$GO'); not building Kubernetes $KUBE_VERSION binaries."
  log "kube-api-test will try to download kube-apiserver/etcd/kubectl itself,"
  log "which only works where the Kubernetes download site is reachable."
  exit 0
fi

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mod_root=$script_dir/kube-binaries
apiserver_mod=$mod_root/apiserver
etcd_mod=$mod_root/etcd

kube_minor=${KUBE_VERSION#*.}; kube_minor=${kube_minor%%.*}
kube_major=${KUBE_VERSION%%.*}
staging_version=v0.${KUBE_VERSION#*.}

# The wrapper go.mod files must agree with the pins above.
grep -Eq "^(require)?[[:space:]]*k8s\.io/kubernetes v$KUBE_VERSION\$" "$apiserver_mod/go.mod" \
  || die "$apiserver_mod/go.mod does not require k8s.io/kubernetes v$KUBE_VERSION (KUBE_VERSION in $0)"
if stale=$(grep -E '^[[:space:]]*k8s\.io/[^ ]+ => ' "$apiserver_mod/go.mod" | grep -v " $staging_version\$"); then
  die "replace directives in $apiserver_mod/go.mod not at $staging_version:"$'\n'"$stale"
fi
grep -q "go.etcd.io/etcd/server/v3 v$ETCD_VERSION\$" "$etcd_mod/go.mod" \
  || die "$etcd_mod/go.mod does not require go.etcd.io/etcd/server/v3 v$ETCD_VERSION (ETCD_VERSION in $0)"

mkdir -p "$k8s_dir"

# Serialize concurrent invocations; whoever gets the lock second reuses the result.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$k8s_dir/.kube-binaries.lock"
  if ! flock -n 9; then
    log "another kube-binaries.sh is building; waiting for lock $k8s_dir/.kube-binaries.lock"
    flock 9
  fi
  if complete "$target"; then
    log "reusing $target (built by a concurrent run)"
    exit 0
  fi
else
  log "flock not found; building without a lock"
fi

# Build into a temp dir next to the target, then rename it into place, so an
# interrupted build never leaves a directory kube-api-test would pick up.
# (The name must not end in -<os>-<arch>: kube-api-test scans for that suffix.)
tmp=$(mktemp -d "$k8s_dir/.tmp-kube-binaries.XXXXXX")
heartbeat_pid=
build_pid=
cleanup() {
  if [[ -n $build_pid ]]; then kill "$build_pid" 2>/dev/null || true; wait "$build_pid" 2>/dev/null || true; fi
  if [[ -n $heartbeat_pid ]]; then kill "$heartbeat_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export GOWORK=off CGO_ENABLED=0
go_build_flags=(-trimpath -buildvcs=false -mod=readonly)

total_start=$SECONDS

# step LABEL MODULE_DIR PACKAGE OUTPUT LDFLAGS
step() {
  local label=$1 dir=$2 pkg=$3 out=$4 ldflags=$5 start=$SECONDS
  log "building $label ..."
  (
    trap 'kill "$sleep_pid" 2>/dev/null; exit 0' TERM
    while :; do
      sleep 30 & sleep_pid=$!
      wait "$sleep_pid"
      log "  ... still building $label ($((SECONDS - start))s)"
    done
  ) &
  heartbeat_pid=$!
  # Run in the background and wait, so a TERM/INT to this script is handled
  # (and the build stopped) right away rather than after go build finishes.
  (cd "$dir" && exec "$GO" build "${go_build_flags[@]}" -ldflags "$ldflags" -o "$out" "$pkg") &
  build_pid=$!
  if ! wait "$build_pid"; then
    build_pid=
    die "building $label failed (module $dir)"
  fi
  build_pid=
  kill "$heartbeat_pid" 2>/dev/null || true
  wait "$heartbeat_pid" 2>/dev/null || true
  heartbeat_pid=
  log "built $label in $((SECONDS - start))s"
}

log "building Kubernetes $KUBE_VERSION binaries into $target (cold build takes several minutes)"
log "using $("$GO" version)"

start=$SECONDS
log "downloading Go modules ..."
(cd "$apiserver_mod" && "$GO" mod download) || die "go mod download failed in $apiserver_mod"
(cd "$etcd_mod" && "$GO" mod download) || die "go mod download failed in $etcd_mod"
log "downloaded Go modules in $((SECONDS - start))s"

# Version stamping as Kubernetes' hack/lib/version.sh does, so --version and
# the apiserver's /version endpoint report the release.
build_date=$(cd "$apiserver_mod" && "$GO" list -m -f '{{with .Time}}{{.UTC.Format "2006-01-02T15:04:05Z"}}{{end}}' k8s.io/kubernetes 2>/dev/null) || true
[[ -n $build_date ]] || build_date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
kube_ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  kube_ldflags+=" -X $pkg.gitVersion=v$KUBE_VERSION -X $pkg.gitMajor=$kube_major -X $pkg.gitMinor=$kube_minor"
  kube_ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$build_date"
done

step "kube-apiserver v$KUBE_VERSION" "$apiserver_mod" . "$tmp/kube-apiserver" "$kube_ldflags"
step "etcd v$ETCD_VERSION" "$etcd_mod" . "$tmp/etcd" "-s -w"

# kubectl: prefer an installed binary (e.g. the versioned kubectl.1.NN files
# next to the google-cloud-sdk dispatcher), newest minor <= ours first.
kubectl_source=
usable_kubectl() {
  local v
  v=$("$1" version --client 2>/dev/null | sed -n 's/^Client Version: v\{0,1\}//p') || return 1
  [[ $v == "$kube_major".* && $v != *dispatcher* ]] || return 1
  local minor=${v#*.}; minor=${minor%%.*}
  (( minor <= kube_minor + 1 && minor >= kube_minor - 4 )) || return 1
  printf '%s' "$v"
}
if [[ ${KUBE_BINARIES_BUILD_KUBECTL:-} != 1 ]] && kubectl_path=$(command -v kubectl 2>/dev/null); then
  kubectl_real=$(readlink -f "$kubectl_path")
  candidates=()
  for ((m = kube_minor; m >= kube_minor - 4; m--)); do
    candidates+=("$(dirname "$kubectl_real")/kubectl.$kube_major.$m")
  done
  candidates+=("$kubectl_real")
  for c in "${candidates[@]}"; do
    [[ -f $c && -x $c ]] || continue
    if v=$(usable_kubectl "$c"); then
      cp "$c" "$tmp/kubectl"
      kubectl_source="$c (v$v)"
      log "using installed kubectl $kubectl_source"
      break
    fi
  done
fi
if [[ -z $kubectl_source ]]; then
  step "kubectl v$KUBE_VERSION" "$apiserver_mod" ./kubectl "$tmp/kubectl" "$kube_ldflags"
  kubectl_source="built from k8s.io/kubectl $staging_version"
fi

chmod 0755 "$tmp" "$tmp"/kube-apiserver "$tmp"/etcd "$tmp"/kubectl
"$tmp/kube-apiserver" --version >/dev/null || die "built kube-apiserver does not run"
"$tmp/etcd" --version >/dev/null || die "built etcd does not run"

cat >"$tmp/kube-binaries.info" <<EOF
kube-apiserver: v$KUBE_VERSION (k8s.io/kubernetes, $("$GO" env GOVERSION))
etcd: v$ETCD_VERSION (go.etcd.io/etcd/server/v3)
kubectl: $kubectl_source
EOF

# Replace an incomplete leftover directory, then move the new one into place.
if [[ -e $target ]]; then
  old=$(mktemp -d "$k8s_dir/.old-kube-binaries.XXXXXX")
  mv "$target" "$old/"
  rm -rf "$old"
fi
mv "$tmp" "$target"
log "Kubernetes $KUBE_VERSION binaries ready in $target (took $((SECONDS - total_start))s)"
