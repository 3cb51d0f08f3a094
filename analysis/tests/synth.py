#!/usr/bin/env python3
"""Write a gupbench results file with known properties, for the gate tests.

usage: synth.py OUT N SHIFT [--cpu MODEL] [--truncate] [--schema S] (default: the newest, gupbench-results/6) [--seed K]
                          [--release R] [--tcg] [--text S] [--drains D]
                          [--scenario NAME] [--null-ipis] [--ipi-noise]
                          [--ipis-extra K] [--nested-tcg]
Pin times are log-normal around 1000 us (sigma 5%) times (1 + SHIFT);
drains per call are D (--drains), else 1 in every call when SHIFT > 0.5
and 0 otherwise.  --text puts S into every free-text field (CPU model,
kernel release and cmdline, topology, start time), for the tests that
prove text is never code.  --null-ipis records IPIs as not counted;
--ipi-noise adds background IPIs (0 or 1 a call) to the window's count
alone, --ipis-extra K adds K the pin sent itself.  --nested-tcg: a KVM
VM whose host was the suite's own TCG guest (vm/nested-kvm.sh).
"""
import json, random, sys

# The counters it writes, with the units gupbench declares for them.
UNITS = {"drains_all": "calls", "drains_local": "calls", "drain_all_ns": "ns",
         "works_queued": "works", "ipis": "IPIs", "migrated_ok": "pages",
         "migrated_failed": "pages", "tp_drains_local": "calls"}

def opt(args, name, default):
    return args[args.index(name) + 1] if name in args else default

def main():
    out, n, shift = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    args = sys.argv[4:]
    cpu = opt(args, "--cpu", "Synthetic CPU")
    # The newest shape gupbench writes, unless asked for an older one.
    schema = opt(args, "--schema", "gupbench-results/6")
    v1 = schema == "gupbench-results/1"
    v3 = schema not in ("gupbench-results/1", "gupbench-results/2")
    v4 = v3 and schema != "gupbench-results/3"
    v5 = v4 and schema != "gupbench-results/4"
    v6 = v5 and schema != "gupbench-results/5"
    # Schema 5's isolated-CPU counters: no CPU is isolated here.
    iso = ("works_pin_isolated", "works_run_isolated", "ipis_isolated",
           "ipis_isolated_drain_all", "spinner_interruptions") if v5 else ()
    na = "no isolated CPU (sysfs isolated, nohz_full and cpuset.cpus.isolated list none): not applicable"
    seed = int(opt(args, "--seed", 1))
    release = opt(args, "--release", "synthetic")
    text = opt(args, "--text", None)
    scenario = opt(args, "--scenario", "settled")
    drains = int(opt(args, "--drains", 1 if shift > 0.5 else 0))
    cmdline = ("gupbench.accel=tcg" if "--tcg" in args else
               "gupbench.accel=kvm" if "--nested-tcg" in args else "")
    rng = random.Random(seed)
    env = {"type": "envelope", "schema": schema, "tool": "gupbench", "version": "synthetic",
           "command_line": ["synth.py"], "started": text or "2026-01-01T00:00:00Z",
           "kernel": {"release": text or release, "cmdline": (text or "") + cmdline,
                      "version": "", "machine": "x86_64",
                      # Crafted text reaches the report as the kernel's source too.
                      "source": {"kind": "debian-source", "package": text, "version": text,
                                 "sha256": None, "patches": []} if text else None,
                      "source_reason": "synthetic"},
           "machine": {"cpu_model": text or cpu, "topology": text or "1 package(s), 4 PU(s)",
                       "pus": 4},
           "layout": {"zones": [{"zone": "Normal", "present": 1000, "cma": 0}]},
           "counters": {name: {"unit": unit, "source": "synthetic", "available": True,
                               "reason": None} for name, unit in UNITS.items()},
           "options": {}, "cases": {}, "system_changes": []}
    if v6:
        # Schema 6: the design (synthetic runs are fixed: N calls each).
        env["design"] = {"kind": "fixed", "reps": n}
    if "--nested-tcg" in args:
        env["vm"] = {"host_topology": "1 package(s), 2 NUMA node(s), 2 core(s), 2 CPU(s)",
                     "accel": "kvm", "vcpus": 2, "nodes": 2, "mem_mib": 1536,
                     "vcpus_pinned": True, "host_virtual": "tcg", "vcpu_node": [0, 1],
                     "vcpu_host_cpu": [0, 1]}
    if v1:
        del env["kernel"]["source"], env["kernel"]["source_reason"]
    else:
        env["counters"].update({name: {"unit": unit, "source": "synthetic", "available": True,
                                       "reason": None}
                                for name, unit in (("works_run_other_node", "works"),
                                                   ("ipis_other_node", "IPIs"))})
    if v3:
        env["counters"].update({name: {"unit": unit, "source": "synthetic", "available": True,
                                       "reason": None}
                                for name, unit in (("works_queued_pin", "works"), ("ipis_pin", "IPIs"),
                                                   ("ipis_pin_drain_all", "IPIs"))})
    env["counters"].update({name: {"unit": unit, "source": "synthetic", "available": False,
                                   "reason": na}
                            for name, unit in zip(iso, ("works", "works", "IPIs", "IPIs", "interruptions"))})
    lines = [env]
    for i in range(n):
        ns = int(1e6 * (1 + shift) * rng.lognormvariate(0, 0.05))
        # Background IPIs (timers, wakeups): a few tenths per call.
        noise = rng.choice([0, 0, 0, 1]) if "--ipi-noise" in args else 0
        # The pin's own IPIs: its drain's, and any extra; the window adds the noise.
        ipis_pin = None if "--null-ipis" in args else 2 * drains + int(opt(args, "--ipis-extra", 0))
        # The pin's own wakeup IPIs, which the scheduler decides: 0 to 3.
        if ipis_pin is not None and "--pin-ipi-noise" in args:
            ipis_pin += rng.choice([0, 1, 2, 3])
        ipis = None if ipis_pin is None else ipis_pin + noise
        lines.append({"type": "sample", "seq": i, "pinner": "io_uring", "placement": "movable",
                      "scenario": scenario, "policy": None, "cpus": 1, "rep": i, "warmup": False,
                      "size": 4194304, "result": "ok", "pages_pinned": 1024, "pin_ns": ns,
                      "unpin_ns": 1000,
                      "counters": {"drains_all": drains, "drains_local": 0, "drain_all_ns": 5000 * drains,
                                   "works_queued": 2 * drains, "ipis": ipis, "tp_drains_local": 0,
                                   "migrated_ok": 1024, "migrated_failed": 0,
                                   **({} if v1 else {"works_run_other_node": 0,
                                                     "ipis_other_node": 0}),
                                   **({} if not v3 else {"works_queued_pin": 2 * drains,
                                                         "ipis_pin": ipis_pin,
                                                         "ipis_pin_drain_all": ipis_pin}),
                                   **dict.fromkeys(iso)},
                      "null_reasons": {**({k: text or "tracepoint ipi:ipi_send_cpu is not in this kernel"
                                           for k in (("ipis", "ipis_pin", "ipis_pin_drain_all") if v3 else ("ipis",))}
                                          if ipis is None else {}),
                                       **dict.fromkeys(iso, na)},
                      "derived": {"false_positive_drain": drains == 1, "needed_drain": False,
                                  "missed_drain": False, "wasted_drains_local": 0,
                                  "wasted_drains_all": drains},
                      **({"scenario_data": None} if v4 else {}),
                      **({"isolated_cpus": None, "spinners": None, "spinner_gaps": dict.fromkeys(("gaps", "gap_ns", "gap_max_ns")),
                             "load": "idle", "load_watchdog": False} if v5 else {})})
    if "--truncate" not in args:
        lines.append({"type": "end", "samples": n, "skipped": 0, "failed_checks": 0, "exit_code": 0,
                      "sampling_complete": True, "sampling_lost": 0, "sampling": {}})
    with open(out, "w") as f:
        for rec in lines:
            f.write(json.dumps(rec) + "\n")

main()
