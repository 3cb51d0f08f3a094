#!/usr/bin/env python3
"""A QMP server that lies, for tests/pin_vcpus.sh.

usage: fake_qmp.py SOCKET PIDFILE CASE

It writes its own pid into PIDFILE (it stands for QEMU), starts two idle
threads (its "vCPUs") and answers query-cpus-fast as CASE says: "ok"
with its own two threads, or one of the ways a QMP peer can be wrong.
"""
import json
import os
import socket
import sys
import threading
import time

path, pidfile, case = sys.argv[1:]
stop = threading.Event()
tids = []


def vcpu():
    tids.append(threading.get_native_id())
    stop.wait(120)


for _ in range(2):
    threading.Thread(target=vcpu, daemon=True).start()
while len(tids) < 2:
    time.sleep(0.01)
with open(pidfile, "w") as f:
    f.write("%d\n" % os.getpid())
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path)
srv.listen(1)
c, _ = srv.accept()
f = c.makefile("rb")


def send(obj):
    c.sendall((obj if isinstance(obj, bytes) else json.dumps(obj).encode()) + b"\n")


def answer(cpus):
    f.readline()
    send({"return": cpus})


cpus = [{"cpu-index": i, "thread-id": t} for i, t in enumerate(tids)]
try:
    if case == "silent":
        time.sleep(60)
    send({"QMP": {"version": {}}})
    f.readline()
    send({"return": {}})                      # qmp_capabilities
    if case == "ok":
        answer(cpus)
        f.readline()
        send({"return": {}})                  # cont
    elif case == "duplicate":
        answer([{"cpu-index": 0, "thread-id": tids[0]}, {"cpu-index": 1, "thread-id": tids[0]}])
    elif case == "zero":
        answer([{"cpu-index": 0, "thread-id": 0}, {"cpu-index": 1, "thread-id": tids[1]}])
    elif case == "foreign":
        answer([{"cpu-index": 0, "thread-id": os.getppid()}, {"cpu-index": 1, "thread-id": tids[1]}])
    elif case == "same-index":
        answer([{"cpu-index": 0, "thread-id": tids[0]}, {"cpu-index": 0, "thread-id": tids[1]}])
    elif case == "flood":
        f.readline()
        while True:
            send({"event": "RTC_CHANGE", "data": {"offset": 0}})
    elif case == "half":
        f.readline()
        c.sendall(b'{"return": [{"cpu-index": 0, ')
        time.sleep(60)
    elif case == "huge":
        f.readline()
        c.sendall(b'{"return": "' + b"x" * (4 << 20))
        time.sleep(60)
    elif case == "not-json":
        f.readline()
        send(b"this is not json")
    elif case == "array":
        f.readline()
        send(b"[1, 2]")
    elif case == "not-list":
        answer({"cpu-index": 0})
    elif case == "entry-not-object":
        answer([1, 2])
    elif case == "index-string":
        answer([{"cpu-index": "0", "thread-id": tids[0]}, {"cpu-index": 1, "thread-id": tids[1]}])
    elif case == "tid-null":
        answer([{"cpu-index": 0, "thread-id": None}, {"cpu-index": 1, "thread-id": tids[1]}])
    elif case == "error-string":
        f.readline()
        send({"error": "nope"})
    elif case == "closed":
        f.readline()
        c.shutdown(socket.SHUT_RDWR)
        c.close()
    elif case == "wrong-count":
        answer(cpus[:1])
    time.sleep(5)
except (BrokenPipeError, ConnectionResetError):
    pass
