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
echo "vm_arm64: Debian's arm64 kernels (4K and 16K pages) ran gupbench for aarch64 under TCG"
