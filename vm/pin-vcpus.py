#!/usr/bin/env python3
"""Pin a paused QEMU's vCPU threads 1:1 to host CPUs, then let it run.

usage: pin-vcpus.py QMP-SOCKET PLAN-FILE REPORT-FILE

QEMU was started with -S (paused) and -qmp unix:QMP-SOCKET: each vCPU's
host thread id comes from query-cpus-fast; the plan (vm/plan/gbvmplan)
says which host CPU each vCPU runs on ("vcpu V node K cpu C").  Every
affinity is set, then read back: a vCPU whose thread could not be pinned
where the plan says stops the run (exit 1, one line on stderr) before
the guest executes anything, so a run that goes on was pinned.  The
report has a line per vCPU: "vcpu V thread T cpu C".
"""
import json
import os
import socket
import sys
import time


def qmp(sock, f, cmd):
    sock.sendall(json.dumps({"execute": cmd}).encode() + b"\n")
    while True:
        msg = json.loads(f.readline())
        if "return" in msg:
            return msg["return"]
        if "error" in msg:
            raise RuntimeError("%s: %s" % (cmd, msg["error"].get("desc")))
        # an event: not the answer


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: pin-vcpus.py QMP-SOCKET PLAN-FILE REPORT-FILE")
    path, plan_file, report = sys.argv[1:]
    want = {}
    for line in open(plan_file):
        w = line.split()
        if len(w) == 6 and w[0] == "vcpu" and int(w[5]) >= 0:
            want[int(w[1])] = int(w[5])
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    for _ in range(200):            # QEMU creates the socket as it starts
        try:
            sock.connect(path)
            break
        except OSError:
            time.sleep(0.05)
    else:
        sys.exit("pin-vcpus: no QMP socket at %s" % path)
    f = sock.makefile("r")
    json.loads(f.readline())        # the greeting
    qmp(sock, f, "qmp_capabilities")
    cpus = qmp(sock, f, "query-cpus-fast")
    threads = {c["cpu-index"]: c["thread-id"] for c in cpus}
    if sorted(threads) != sorted(want):
        sys.exit("pin-vcpus: QEMU has vCPUs %s, the plan pins %s" % (sorted(threads), sorted(want)))
    lines = []
    for v, cpu in sorted(want.items()):
        tid = threads[v]
        os.sched_setaffinity(tid, {cpu})
        got = os.sched_getaffinity(tid)
        if got != {cpu}:
            sys.exit("pin-vcpus: vCPU %d (thread %d) runs on %s, not CPU %d" % (v, tid, sorted(got), cpu))
        lines.append("vcpu %d thread %d cpu %d\n" % (v, tid, cpu))
    with open(report, "w") as out:
        out.writelines(lines)
    qmp(sock, f, "cont")


if __name__ == "__main__":
    try:
        main()
    except (OSError, RuntimeError, ValueError) as e:
        sys.exit("pin-vcpus: %s" % e)
