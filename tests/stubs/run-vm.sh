#!/usr/bin/env bash
# Stand-in for vm/run-vm.sh in the gate's tests: "boots" an image made
# by stubs/build-kernel.sh (or by hand: drains=N, or noboot), logs the
# boot, and writes 3 calls of synthetic TCG results with that many drains
# (noisy: native ones).
set -euo pipefail
kernel= out=
# Checking options is the real runner's job, stand-in or not.
for a in "$@"; do
	[ "$a" != --check-args ] || exec "$(dirname "$0")/../../vm/run-vm.sh" "$@"
done
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--) shift; break ;;
	*) shift 2 ;;
	esac
done
echo "$(basename "$kernel")" >> "$STUB_DIR/boots.log"
grep -q noboot "$kernel" && { echo "stub run-vm: the guest did not boot" >&2; exit 1; }
drains=$(sed -n 's/^drains=//p' "$kernel")
seed=$(wc -l < "$STUB_DIR/boots.log")
# noisy: the pin's IPIs vary from call to call, as real wakeups do, on
# a machine that is not emulated (under TCG they are not gated at all).
if grep -q noisy "$kernel"; then
	python3 "$SYNTH" "$out" 3 0 --seed "$seed" --drains "$drains" --pin-ipi-noise
else
	python3 "$SYNTH" "$out" 3 0 --seed "$seed" --drains "$drains" --tcg
fi
