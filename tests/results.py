"""Reading gupbench results files in the tests: one loader for all.

    from results import load
    run = load(path)          # refuses what gbstat refuses to call a run
    run.envelope, run.samples, run.skips, run.stops, run.findings, run.end, run.records

and, for the tests that read a tracefs instance beside a run,
mask_cpus(text): the CPUs of an ipi_send_cpumask line's cpumask.

Checks the shape docs/results-schema.md gives (one envelope first, one
end last, samples, skips, the adaptive design's stops and explore's
findings between); a test's assertion failure is
clearer than a KeyError three lines later.
"""
import json


class Run:
    def __init__(self, records):
        self.records = records
        self.envelope = records[0]
        self.end = records[-1]
        self.samples = [r for r in records if r["type"] == "sample"]
        self.skips = [r for r in records if r["type"] == "skip"]
        self.stops = [r for r in records if r["type"] == "stop"]
        self.findings = [r for r in records if r["type"] == "finding"]


def load(path, complete=True):
    """The run in path; complete=False allows a cut-off one (no end)."""
    with open(path, encoding="utf-8", errors="strict") as f:
        records = [json.loads(line) for line in f]
    assert records, "%s: empty" % path
    assert records[0]["type"] == "envelope", "%s: no envelope first" % path
    types = [r["type"] for r in records[1:]]
    assert "envelope" not in types, "%s: a second envelope" % path
    if complete:
        assert types and types[-1] == "end", "%s: truncated (no end record)" % path
        assert types.count("end") == 1, "%s: more than one end record" % path
    assert set(types) <= {"sample", "skip", "stop", "finding", "explore", "end"}, \
        "%s: unknown record types %s" % (path, set(types))
    return Run(records)


def mask_cpus(m):
    """The CPUs of a tracefs cpumask: "00000000,0000000e" (a bitmap in
    32-bit hex words) or "1-3" (a list)."""
    words = m.split(",")
    if all(len(w) == 8 for w in words):
        bits = int("".join(words), 16)
        yield from (c for c in range(bits.bit_length()) if bits >> c & 1)
        return
    for part in words:
        a, _, b = part.partition("-")
        yield from range(int(a), int(b or a) + 1)
