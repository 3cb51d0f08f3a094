#!/usr/bin/env bash
# arm64 under TCG: Debian's arm64 kernels (4K and 16K pages) booted with
# qemu-system-aarch64 -M virt, gupbench cross-built for aarch64
# (run_bench.sh build-arm64) in an initramfs of aarch64 busybox and
# libraries, the results back over the virt machine's PCI 16550.  What
# the envelope says of the machine is checked against the image itself:
# the architecture and the page size in the arm64 Image header.
# Debian's kernels as shipped: the new heuristic, no drain-policy switch,
# no drain tracepoint, no x86 irq_vectors (each null with its reason).
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
need_qemu
command -v qemu-system-aarch64 >/dev/null || skip "no qemu-system-aarch64 (run_bench.sh build-arm64 installs qemu-system-arm)"
arm64=${GUPBENCH_ARM64:-${GB_BUILD_ARM64_DIR:-$top/build-arm64}/bench/gupbench}
[ -x "$arm64" ] || skip "no aarch64 gupbench at $arm64 (run_bench.sh build-arm64; run_bench.sh test builds it)"

# The page size an arm64 Image was built for: header flags (offset 24),
# bits 1-2: 1 4K, 2 16K, 3 64K (Documentation/arch/arm64/booting.rst).
image_page_size() {
	local flags
	flags=$(od -An -tu8 -j 24 -N 8 "$1" | tr -d ' ')
	case $(( (flags >> 1) & 3 )) in
	1) echo 4096 ;; 2) echo 16384 ;; 3) echo 65536 ;; *) echo unknown ;;
	esac
}

for flavour in arm64 arm64-16k; do
	kernel=debian-6.12-$flavour
	image=$("$top/vm/debian-kernel.sh" "$kernel") || fail "$kernel: not fetched ($?)"
	want_page=$(image_page_size "$image")
	scenarios=fresh,mlock-remote,extra-ref
	# The 16K kernel is the page size's check: one scenario is enough.
	[ $flavour = arm64 ] || scenarios=fresh
	GUPBENCH_ARM64=$arm64 boot_once_more --arch arm64 --kernel "$kernel" --smp 2 --mem 2G \
		--cmdline movable-cma -- run --pinner io_uring,iommufd --placement movable,cma \
		--scenario $scenarios --size 2M --reps 3 --warmup 0 --cpus 2 \
		--quiet --out "$TMP/$flavour.jsonl" > /dev/null || fail "$kernel: VM run failed ($?)"
	pycheck "$TMP/$flavour.jsonl" "$want_page" "$flavour" <<'PY'
import sys
from results import load
run = load(sys.argv[1])
want_page, flavour = int(sys.argv[2]), sys.argv[3]
recs, env, end = run.records, run.envelope, run.end
k = env["kernel"]
assert k["machine"] == "aarch64", k["machine"]
assert k["release"].endswith("-" + flavour), k["release"]
assert k["source"]["kind"] == "debian-image" and k["source"]["package"].endswith(flavour + ":arm64"), k["source"]
# The envelope's page size, from sysconf() in the guest, against the image's header.
assert env["machine"]["page_size"] == want_page, (env["machine"]["page_size"], want_page)
dp = env["drain_policies"]
assert dp["switch"] is None and "gup_longterm_drain_policy" in dp["reason"], dp
ctr = env["counters"]
assert not ctr["tp_folios"]["available"] and "gup_longterm_drain" in ctr["tp_folios"]["reason"], ctr["tp_folios"]
# x86's interrupt-vector tracepoints: not on arm64, null with the reason.
assert not ctr["call_function"]["available"] and "irq_vectors" in ctr["call_function"]["reason"], ctr["call_function"]
# The generic ones count here.
for name in ("ipis_pin", "works_queued", "drains_all", "migrated_ok"):
    assert ctr[name]["available"], (name, ctr[name])
skips = {(r["pinner"], r["placement"]): r["reason"] for r in recs if r["type"] == "skip"}
# Debian's arm64 kernel: no iommufd self-test, no CMA debugfs; said, not failed.
assert "CONFIG_IOMMUFD" in skips[("iommufd", None)], skips
assert "CONFIG_CMA_DEBUGFS" in skips[("io_uring", "cma")], skips
S = [r for r in recs if r["type"] == "sample" and not r["warmup"]]
assert S, "no calls"
pages = 2 * 1024 * 1024 // want_page
for r in S:
    c = r["counters"]
    assert r["size"] == 2 * 1024 * 1024 and r["before"]["pages"] == pages, (r["size"], r["before"])
    assert r["policy"] is None, r["policy"]
    if r["scenario"] == "extra-ref":
        # An extra reference no drain removes: the pin fails as on x86.
        assert r["result"] == "failed", r["result"]
        continue
    assert r["result"] == "ok" and r["pages_pinned"] == pages, (r["scenario"], r["result"], r["pages_pinned"])
    # /proc/vmstat's FOLL_PIN count, a source gupbench does not count itself.
    assert r["foll_pin"]["held_after_pin"] == pages, (r["scenario"], r["foll_pin"])
    # Every page was in ZONE_MOVABLE, and every one migrated (the tracepoint's count).
    assert r["before"]["fraction_in_placement"] == 1.0, r["before"]
    if c["migrated_ok"] is not None:
        assert c["migrated_ok"] == pages, (r["scenario"], c["migrated_ok"])
    # The drain works queued are the works run, on every CPU.
    assert c["works_queued"] == c["works_run"], (c["works_queued"], c["works_run"])
    assert c["ipis_pin"] is not None, "arm64's ipi tracepoints did not count"
by = {}
for r in S:
    by.setdefault(r["scenario"], []).append(r)
if "mlock-remote" in by:
    # The new heuristic as shipped cures mlock-remote on arm64 as on x86.
    assert all(r["result"] == "ok" for r in by["mlock-remote"])
    assert all(r["counters"]["drains_all"] >= 1 for r in by["mlock-remote"]
               if r["counters"]["drains_all"] is not None), [r["counters"]["drains_all"] for r in by["mlock-remote"]]
assert end["exit_code"] == 0, end
print("vm_arm64: %s, %d-byte pages, %d calls: %s" % (k["release"], want_page, len(S),
      ", ".join("%s %d/%d pinned" % (s, sum(r["result"] == "ok" for r in v), len(v)) for s, v in sorted(by.items()))))
PY
done

# The KVM probe's arm64 half (vm/kvm-works.py), what run-vm.sh asks on an
# arm64 server before it picks KVM: in a guest whose kernel booted at EL2
# (run-vm --guest-kvm: virt's virtualization=on), Debian's arm64 KVM runs
# the probe's four instructions and their MMIO write comes back (exit 0);
# a /dev/kvm that is not KVM (/dev/null bound over it) is refused, with
# the reason.
cat > "$TMP/probe.sh" <<'SH'
#!/bin/sh
python3 /vm/kvm-works.py --why 2>&1
echo "probe: kvm exit $?"
mount --bind /dev/null /dev/kvm && python3 /vm/kvm-works.py --why 2>&1
echo "probe: not-kvm exit $?"
SH
GUPBENCH_ARM64=$arm64 boot_once_more --arch arm64 --kernel debian-6.12-arm64 --smp 2 --mem 2G --guest-kvm \
	--script "$TMP/probe.sh" > "$TMP/probe.out" || fail "the KVM probe's VM run failed ($?)"
grep -qx "probe: kvm exit 0" "$TMP/probe.out" ||
	fail "the arm64 KVM probe found no working KVM at EL2: $(grep -v '^gupbench' "$TMP/probe.out" | head -n 3)"
grep -qx "probe: not-kvm exit 1" "$TMP/probe.out" && grep -q "^kvm-works: /dev/kvm: " "$TMP/probe.out" ||
	fail "the arm64 KVM probe did not refuse a /dev/kvm that is not KVM: $(tail -n 3 "$TMP/probe.out")"

# The suite's own test kernel, cross-built for arm64 (build-kernel.sh
# --arch arm64: the same patches and fragment, arch/arm64.config): the
# drain-policy switch and tracepoint there, lru against refcount.
image=$("$top/kernel-configs/build-kernel.sh" --arch arm64) || fail "the arm64 test kernel did not build ($?)"
want_page=$(image_page_size "$image")
GUPBENCH_ARM64=$arm64 boot_once_more --arch arm64 --kernel patched --smp 2 --mem 2G \
	--cmdline movable-cma -- run --pinner io_uring --placement movable,cma \
	--scenario fresh,mlock-remote,extra-ref --policy lru,refcount --size 2M --reps 3 \
	--warmup 0 --cpus 2 --quiet --out "$TMP/patched.jsonl" > /dev/null || fail "patched arm64: VM run failed ($?)"
pycheck "$TMP/patched.jsonl" "$want_page" <<'PY'
import sys
from results import load
from collections import defaultdict
run = load(sys.argv[1])
want_page = int(sys.argv[2])
recs, env, end = run.records, run.envelope, run.end
assert env["kernel"]["machine"] == "aarch64" and env["machine"]["page_size"] == want_page, env["kernel"]
assert env["kernel"]["source"]["kind"] == "debian-source" and len(env["kernel"]["source"]["patches"]) >= 2, env["kernel"]["source"]
dp = env["drain_policies"]
assert dp["switch"] and dp["in_force"] == "refcount", dp
assert env["layout"]["cma_areas"], "no CMA area in the arm64 guest"
for name in ("tp_folios", "drains_all", "drains_local", "works_queued_pin", "ipis_pin", "migrated_ok"):
    assert env["counters"][name]["available"], (name, env["counters"][name])
pages = 2 * 1024 * 1024 // want_page
S = [r for r in recs if r["type"] == "sample" and not r["warmup"]]
assert len(S) == 2 * 3 * 2 * 3, len(S)   # placements x scenarios x policies x reps
by = defaultdict(list)
for r in S:
    c = r["counters"]
    by[(r["scenario"], r["policy"])].append(r)
    fp = r["foll_pin"]
    # The kernel's own pin counts (/proc/vmstat), not gupbench's.
    assert fp["released"] == fp["acquired"], fp
    if r["result"] == "ok":
        assert r["pages_pinned"] == pages and fp["held_after_pin"] == pages, (r["scenario"], fp)
        assert r["after_check"] == "pass", r["after_check"]
    if any(v is None and "not applicable" not in r["null_reasons"].get(k, "") for k, v in c.items()):
        continue   # a call perf lost samples in: its reasons are recorded
    # The drain tracepoint and the kprobes agree, call by call.
    assert c["tp_drains_all"] == c["drains_all"] and c["tp_drains_local"] == c["drains_local"], c
    # /proc/vmstat saw the migrations the tracepoint counted (or more).
    assert c["migrated_ok"] <= r["vmstat"]["pgmigrate_success"], (c["migrated_ok"], r["vmstat"])
    if r["result"] == "ok":
        assert c["migrated_ok"] == r["before"]["movable"] + r["before"]["cma"], (c["migrated_ok"], r["before"])
    # Each drain work queued ran (GIC SGIs woke the CPUs).
    assert c["works_queued"] == c["works_run"], c
met = lambda k: [r for r in by[k] if r["conditions_met"]]
def exact(k, **want):
    for r in met(k):
        got = {n: r["counters"][n] for n in want}
        assert got == want, (k, got, want)
    assert met(k), ("no call met its conditions", k)
# fresh: lru drains all CPUs once and queues a work per CPU with a batch;
# refcount's local drain empties the pinning CPU's batch, no work queued.
exact(("fresh", "lru"), tp_drains_all=1, tp_drains_local=0)
exact(("fresh", "refcount"), tp_drains_all=0, tp_drains_local=1, works_queued_pin=0)
assert all(r["counters"]["works_queued_pin"] >= 1 for r in met(("fresh", "lru")))
# mlock-remote: the batch on the other CPU holds a reference the LRU flag
# does not show: every lru pin fails (a drain was missed), no refcount pin does.
assert all(r["result"] == "failed" and r["derived"]["missed_drain"] for r in met(("mlock-remote", "lru"))), \
    [(r["result"], r["derived"]["missed_drain"]) for r in by[("mlock-remote", "lru")]]
assert all(r["result"] == "ok" for r in met(("mlock-remote", "refcount")))
exact(("mlock-remote", "refcount"), tp_drains_all=1, tp_drains_local=1)
# extra-ref: refcount drains for nothing (local, then all CPUs), lru not at all; both fail.
exact(("extra-ref", "refcount"), tp_drains_all=1, tp_drains_local=1, drains_wasted_all=1)
exact(("extra-ref", "lru"), tp_drains_all=0, tp_drains_local=0)
assert all(r["result"] == "failed" for r in by[("extra-ref", "lru")] + by[("extra-ref", "refcount")])
assert end["exit_code"] == 0, end
print("vm_arm64: patched %s: fresh, mlock-remote and extra-ref under lru and refcount as on x86: %s" % (
    env["kernel"]["release"], ", ".join("%s/%s %d/%d pinned" % (k[0], k[1], sum(r["result"] == "ok" for r in v), len(v))
                                        for k, v in sorted(by.items()))))
PY
# gbstat on the host reads the arm64 file like any other, and its report
# and mail say which architecture the kernel was for.
: "${GBSTAT:?ctest sets GBSTAT}"
mkdir -p "$TMP/report"
rc=0; "$GBSTAT" report --dir "$TMP/report" "$TMP/patched.jsonl" --base-policy lru --cand-policy refcount \
	> /dev/null 2> "$TMP/report.err" || rc=$?
case $rc in 0|1|3) ;; *) fail "gbstat report on the arm64 results: exit $rc: $(head -n 2 "$TMP/report.err")" ;; esac
grep -q ", aarch64, built from Debian linux-source" "$TMP/report/mail.txt" ||
	fail "the mail does not name the architecture: $(grep -m1 '^kernel' "$TMP/report/mail.txt")"
echo "vm_arm64: Debian's arm64 kernels (4K and 16K pages) and the patched arm64 kernel ran gupbench for aarch64 under TCG"
