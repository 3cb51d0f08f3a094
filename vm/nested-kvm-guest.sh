#!/bin/sh
# The guest half of vm/nested-kvm.sh: runs in the TCG guest, chrooted
# into the host's files (run-vm.sh --host-root), where emulated SVM gives
# a working /dev/kvm.  Says the topology the suite will plan from and
# whether KVM runs guest code, runs the command in the suite's folder,
# and hands back the newest results file the command wrote under
# results/ as $GB_GUEST_OUT/results.jsonl.
# usage: nested-kvm-guest.sh TOP [NAME=VALUE...] -- COMMAND...
top=$1
. "$top/vm/lib/common.sh"
shift
# The host's settings the command needs (its cache, build, binaries):
# only these names, and only as values, never as code.
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	case ${1%%=*} in
	GB_CACHE|GB_BUILD_DIR|GUPBENCH|GBVMPLAN|GBSTAT) export "$1" ;;
	*) echo "nested: '${1%%=*}' is not a setting this passes on"; exit 2 ;;
	esac
	shift
done
[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] || { echo "nested: no command"; exit 2; }
for n in /sys/devices/system/node/node[0-9]*; do
	echo "nested: node ${n##*node} cpus $(cat "$n/cpulist")"
done
if GB_KVM_PROBE_TIMEOUT=120 gb_kvm_works; then
	echo "nested: KVM runs guest code here"
else
	echo "nested: KVM runs no guest code here (vm/kvm-works.py); the kernel said:"
	dmesg | grep -i -E 'kvm|svm' | tail -n 5
	exit 1
fi
stamp=$GB_GUEST_OUT/started
: > "$stamp"
cd "$top" || exit 1
"$@" 2>&1
rc=$?
# A VM run that failed left its console in the cache: its last lines
# are the reason, and the cache dies with this guest.
console=${GB_CACHE:-$HOME/.cache/gupbench}/last-vm-console.log
if [ $rc != 0 ] && [ "$console" -nt "$stamp" ]; then
	echo "nested: the inner VM's console, last 40 lines:"
	tail -n 40 "$console" | tr -d '\r'
fi
newest=$(find "$top/results" -name '*.jsonl' -newer "$stamp" 2>/dev/null |
	xargs -r ls -t 2>/dev/null | head -n 1)
if [ -n "$newest" ]; then
	echo "nested: results: $newest"
	cp "$newest" "$GB_GUEST_OUT/results.jsonl" || rc=1
fi
exit $rc
