#!/usr/bin/env python3
"""Interleaved whole-process timing: each round runs every command once, so a host that slows down
or speeds up affects all of them alike. The output folder /dev/shm/interleave is removed before
each run (pass it as the command's --out). Medians and quartiles in milliseconds.

    Benchmarks/interleave.py ROUNDS NAME=COMMAND ...
    Benchmarks/interleave.py 25 \\
      "before=/tmp/base/.build-bench/release/iacc build --env k8s --out /dev/shm/interleave DIR" \\
      "after=.build-bench/release/iacc build --env k8s --out /dev/shm/interleave DIR"

A command may start with VAR=value settings (GLIBC_TUNABLES=..., say)."""
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time

if len(sys.argv) < 3:
    sys.exit(__doc__)
rounds = int(sys.argv[1])
commands = [argument.split("=", 1) for argument in sys.argv[2:]]
times = {name: [] for name, _ in commands}
for _ in range(rounds):
    for name, command in commands:
        shutil.rmtree("/dev/shm/interleave", ignore_errors=True)
        environment = dict(os.environ)
        words = shlex.split(command)
        while words and "=" in words[0] and not words[0].startswith("/"):
            key, value = words.pop(0).split("=", 1)
            environment[key] = value
        start = time.perf_counter()
        subprocess.run(words, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment, check=True)
        times[name].append((time.perf_counter() - start) * 1000)
for name, _ in commands:
    ordered = sorted(times[name])
    print(f"{name:14s} median {statistics.median(ordered):8.1f} ms   "
          f"p25 {ordered[len(ordered) // 4]:8.1f}   p75 {ordered[3 * len(ordered) // 4]:8.1f}")
