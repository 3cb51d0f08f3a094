#!/usr/bin/env python3
"""Pin a paused QEMU's vCPU threads 1:1 to host CPUs, then let it run.

usage: pin-vcpus.py QMP-SOCKET PLAN-FILE REPORT-FILE QEMU-PIDFILE

QEMU was started with -S (paused), -qmp unix:QMP-SOCKET and -pidfile
QEMU-PIDFILE: each vCPU's host thread id comes from query-cpus-fast;
the plan (vm/plan/gbvmplan) says which host CPU each vCPU runs on
("vcpu V node K cpu C").  QMP's answer is not trusted: every thread id
must be a distinct thread of the QEMU process the pidfile names (never
0, which would pin this script, nor another process's thread).  Every
affinity is set, then read back: a vCPU whose thread could not be pinned
where the plan says stops the run (exit 1, one line on stderr) before
the guest executes anything, so a run that goes on was pinned.  A QMP
server that says nothing, floods events or sends a malformed or
oversized reply ends it the same way, within TIMEOUT seconds.  The
report has a line per vCPU: "vcpu V thread T cpu C".
"""
import json
import os
import socket
import sys
import time

TIMEOUT = int(os.environ.get("GB_QMP_TIMEOUT", "30"))   # seconds for the whole exchange
MAX_LINE = 1 << 20      # a QMP reply line longer than this is not QEMU's
MAX_EVENTS = 1000       # events tolerated while waiting for one answer


class QmpError(Exception):
    pass


class Qmp:
    def __init__(self, path):
        self.deadline = time.monotonic() + TIMEOUT
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        while True:                 # QEMU creates the socket as it starts
            try:
                self.sock.connect(path)
                break
            except OSError:
                if time.monotonic() > self.deadline:
                    raise QmpError("no QMP socket at %s" % path)
                time.sleep(0.05)
        self.buf = b""

    def line(self):
        while b"\n" not in self.buf:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise QmpError("QEMU did not answer within %d s" % TIMEOUT)
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                raise QmpError("QEMU did not answer within %d s" % TIMEOUT)
            if not chunk:
                raise QmpError("QMP closed the connection mid-reply")
            self.buf += chunk
            if len(self.buf) > MAX_LINE and b"\n" not in self.buf:
                raise QmpError("a QMP reply line longer than %d bytes" % MAX_LINE)
        raw, self.buf = self.buf.split(b"\n", 1)
        try:
            msg = json.loads(raw)
        except ValueError:
            raise QmpError("a QMP reply that is not JSON: %r" % raw[:60])
        if not isinstance(msg, dict):
            raise QmpError("a QMP reply that is not an object: %r" % raw[:60])
        return msg

    def cmd(self, name):
        self.sock.sendall(json.dumps({"execute": name}).encode() + b"\n")
        for _ in range(MAX_EVENTS):
            msg = self.line()
            if "return" in msg:
                return msg["return"]
            if "error" in msg:
                err = msg["error"]
                raise QmpError("%s: %s" % (name, err.get("desc") if isinstance(err, dict) else err))
            # an event: not the answer
        raise QmpError("%s: more than %d events and no answer" % (name, MAX_EVENTS))


def vcpu_threads(cpus, qemu_pid):
    """cpu-index -> thread id, each a distinct thread of the QEMU process."""
    if not isinstance(cpus, list):
        raise QmpError("query-cpus-fast did not return a list")
    tasks = {int(t) for t in os.listdir("/proc/%d/task" % qemu_pid)}
    threads = {}
    for c in cpus:
        if not isinstance(c, dict):
            raise QmpError("query-cpus-fast: an entry that is not an object")
        v, tid = c.get("cpu-index"), c.get("thread-id")
        if type(v) is not int or type(tid) is not int:
            raise QmpError("query-cpus-fast: cpu-index %r, thread-id %r" % (v, tid))
        if v in threads:
            raise QmpError("query-cpus-fast names vCPU %d twice" % v)
        if tid in threads.values():
            raise QmpError("query-cpus-fast gives vCPUs %s the same thread %d"
                           % ([k for k, t in threads.items() if t == tid] + [v], tid))
        if tid not in tasks:
            raise QmpError("vCPU %d's thread %d is not a thread of QEMU (pid %d)" % (v, tid, qemu_pid))
        threads[v] = tid
    return threads


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: pin-vcpus.py QMP-SOCKET PLAN-FILE REPORT-FILE QEMU-PIDFILE")
    path, plan_file, report, pidfile = sys.argv[1:]
    want = {}
    for line in open(plan_file):
        w = line.split()
        if len(w) == 6 and w[0] == "vcpu" and int(w[5]) >= 0:
            want[int(w[1])] = int(w[5])
    q = Qmp(path)
    q.line()                        # the greeting
    q.cmd("qmp_capabilities")
    # The pidfile is QEMU's own word for its pid: the process run-vm started.
    qemu_pid = 0
    while time.monotonic() < q.deadline:
        try:
            with open(pidfile) as f:
                qemu_pid = int(f.read(32).strip() or "0")
        except FileNotFoundError:
            pass
        if qemu_pid:
            break
        time.sleep(0.05)
    if qemu_pid <= 1 or qemu_pid == os.getpid():
        raise QmpError("the pidfile names pid %d, not a QEMU" % qemu_pid)
    threads = vcpu_threads(q.cmd("query-cpus-fast"), qemu_pid)
    if sorted(threads) != sorted(want):
        raise QmpError("QEMU has vCPUs %s, the plan pins %s" % (sorted(threads), sorted(want)))
    lines = []
    for v, cpu in sorted(want.items()):
        tid = threads[v]
        os.sched_setaffinity(tid, {cpu})
        got = os.sched_getaffinity(tid)
        if got != {cpu}:
            raise QmpError("vCPU %d (thread %d) runs on %s, not CPU %d" % (v, tid, sorted(got), cpu))
        lines.append("vcpu %d thread %d cpu %d\n" % (v, tid, cpu))
    with open(report, "w") as out:
        out.writelines(lines)
    q.cmd("cont")


if __name__ == "__main__":
    try:
        main()
    except (OSError, QmpError, ValueError) as e:
        sys.exit("pin-vcpus: %s" % e)
