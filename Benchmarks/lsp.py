#!/usr/bin/env python3
"""Editor latency (Benchmarks/README.md, "Editors"): the time from a didChange to the
publishDiagnostics that answers it, for a 5,000-line document, through `iacc lsp` (release build).

Usage: Benchmarks/lsp.py IACC PROGRAM.iac [RUNS]   (Benchmarks/editors.sh builds and calls it)
Each run sends the whole document with one more comment line (a real change, so nothing can be
cached) and waits for the diagnostics of that document. Prints the median, min and max in ms.
"""
import json
import os
import statistics
import subprocess
import sys
import time

iacc, program = sys.argv[1], os.path.abspath(sys.argv[2])
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 30
server = subprocess.Popen([iacc, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def send(message):
    body = json.dumps(message).encode()
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    server.stdin.flush()


def receive():
    header = b""
    while not header.endswith(b"\r\n\r\n"):
        byte = server.stdout.read(1)
        if not byte:
            sys.exit("iacc lsp closed its output")
        header += byte
    length = int(header.split(b":")[1].strip())
    return json.loads(server.stdout.read(length))


def diagnostics_for(uri):
    while True:
        message = receive()
        if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
            return message["params"]["diagnostics"]


text = open(program).read()
uri = "file://" + program
send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
receive()
send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
      "params": {"textDocument": {"uri": uri, "languageId": "iac", "version": 1, "text": text}}})
errors = [d for d in diagnostics_for(uri) if d["severity"] == 1]
if errors:
    sys.exit("the benchmark program has errors: %s" % errors[:3])

timings = []
for run in range(runs + 3):
    changed = text + "// edit %d\n" % run
    start = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": run + 2}, "contentChanges": [{"text": changed}]}})
    diagnostics_for(uri)
    if run >= 3:  # three warm-up edits
        timings.append((time.perf_counter() - start) * 1000)

send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
receive()
send({"jsonrpc": "2.0", "method": "exit"})
server.wait(timeout=10)
lines = text.count("\n")
print("didChange -> publishDiagnostics, %d lines, %d runs: median %.1f ms, min %.1f ms, max %.1f ms"
      % (lines, runs, statistics.median(timings), min(timings), max(timings)))
