# Shared by the integration tests: ctest passes GUPBENCH and friends.
set -euo pipefail

: "${GUPBENCH:?ctest sets GUPBENCH to the gupbench binary}"
TMP=$(mktemp -d /tmp/gupbench-test.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 4; }
need_root() { [ "$(id -u)" = 0 ] || skip "needs root (pagemap PFNs, tracing, sysfs changes)"; }

# jq-free JSON checks: python3 reads the JSON Lines.
pycheck() { python3 - "$@"; }
