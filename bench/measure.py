#!/usr/bin/env python3
"""Runs commands side by side (interleaved, so load changes hit every contender alike) and prints JSON:
for each label the median and min wall time, the median CPU time (user+sys of the process tree) and the
largest peak RSS. Usage: measure.py RUNS LABEL CMD [LABEL CMD ...]; CMD runs under bash -c.
A command that exits non-zero makes the whole measurement fail (a fast failure is no result)."""
import json
import os
import statistics
import subprocess
import sys
import time


def once(cmd):
    start = time.perf_counter()
    p = subprocess.Popen(["bash", "-c", cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"measure.py: exit {code} from: {cmd}\n{err[-2000:]}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def main():
    runs = int(sys.argv[1])
    pairs = list(zip(sys.argv[2::2], sys.argv[3::2]))
    samples = {label: [] for label, _ in pairs}
    for _ in range(runs):
        for label, cmd in pairs:
            samples[label].append(once(cmd))
    out = {}
    for label, s in samples.items():
        out[label] = {
            "runs": runs,
            "wall": statistics.median(x[0] for x in s),
            "wall_min": min(x[0] for x in s),
            "cpu": statistics.median(x[1] for x in s),
            "rss_kb": max(x[2] for x in s),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
