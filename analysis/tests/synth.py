#!/usr/bin/env python3
"""Write a gupbench results file with known properties, for the gate tests.

usage: synth.py OUT N SHIFT [--cpu MODEL] [--truncate] [--schema S] [--seed K]
Pin times are log-normal around 1000 us (sigma 5%) times (1 + SHIFT);
drains per call are 1 in every call when SHIFT > 0.5 else 0.
"""
import json, random, sys

def main():
    out, n, shift = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    args = sys.argv[4:]
    cpu = args[args.index("--cpu") + 1] if "--cpu" in args else "Synthetic CPU"
    schema = args[args.index("--schema") + 1] if "--schema" in args else "gupbench-results/1"
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 1
    rng = random.Random(seed)
    env = {"type": "envelope", "schema": schema, "tool": "gupbench", "version": "synthetic",
           "started": "2026-01-01T00:00:00Z",
           "kernel": {"release": "synthetic", "cmdline": "", "version": "", "machine": "x86_64"},
           "machine": {"cpu_model": cpu, "topology": "1 package(s), 4 PU(s)", "pus": 4},
           "layout": {"zones": [{"zone": "Normal", "present": 1000, "cma": 0}]}}
    lines = [env]
    for i in range(n):
        ns = int(1e6 * (1 + shift) * rng.lognormvariate(0, 0.05))
        drains = 1 if shift > 0.5 else 0
        lines.append({"type": "sample", "seq": i, "pinner": "io_uring", "placement": "movable",
                      "scenario": "settled", "policy": None, "cpus": 1, "rep": i, "warmup": False,
                      "size": 4194304, "result": "ok", "pages_pinned": 1024, "pin_ns": ns,
                      "unpin_ns": 1000,
                      "counters": {"drains_all": drains, "drains_local": 0, "drain_all_ns": 5000 * drains,
                                   "works_queued": 2 * drains, "ipis": 2 * drains,
                                   "migrated_ok": 1024, "migrated_failed": 0},
                      "derived": {"false_positive_drain": drains == 1, "needed_drain": False,
                                  "missed_drain": False}})
    if "--truncate" not in args:
        lines.append({"type": "end", "samples": n, "sampling_complete": True, "sampling": {}})
    with open(out, "w") as f:
        for rec in lines:
            f.write(json.dumps(rec) + "\n")

main()
