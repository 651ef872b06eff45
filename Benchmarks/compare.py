#!/usr/bin/env python3
"""Runs our benchmarks and the official Python SDK's alternately, several times, and prints the best
figure of each side side by side.

In memory (the default), on the same fixture bodies:

    python3 Benchmarks/compare.py --python /path/to/venv/bin/python --py-bench /path/to/py_sdk_bench.py [--runs 5]

Over real HTTP (--http), against one ECSEmulator process on loopback that both sides talk to:

    python3 Benchmarks/compare.py --http --python /path/to/venv/bin/python \\
        --py-http-bench /path/to/py_sdk_http_bench.py [--runs 5] [--min-time 2]

With --http it starts `ECSEmulator --port 0 --quiet` (built with `swift build -c release`), reads its port
and process ID from the JSON line it prints, and alternates `ECSBenchmarks --http --endpoint …` (URLSession
and AsyncHTTPClient transports; then, each in a process of its own, AsyncHTTPClient with its calls made in
`ECSClient.withPreferredExecutor`, and AsyncHTTPClient with SwiftNIO installed as the concurrency executor)
with the Python script. For the Python runs, the emulator's CPU per request
is estimated from its /proc CPU time and the number of requests the script's own figures imply.

Best-of-N, for both sides alike: on a shared machine a run can be slowed by other work, never sped up.
"""
import argparse
import json
import math
import os
import subprocess
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--python", required=True, help="the Python with alibabacloud-ecs20140526 installed")
parser.add_argument("--py-bench", help="py_sdk_bench.py (in-memory comparison)")
parser.add_argument("--http", action="store_true", help="compare over real HTTP against the emulator")
parser.add_argument("--py-http-bench", help="py_sdk_http_bench.py (with --http)")
parser.add_argument("--fixtures", default="Tests/Fixtures/responses")
parser.add_argument("--swift-bench", default=".build/release/ECSBenchmarks")
parser.add_argument("--emulator", default=".build/release/ECSEmulator", help="with --http: the ECSEmulator executable")
parser.add_argument("--min-time", type=float, default=2.0, help="with --http: seconds per measured phase, both sides")
parser.add_argument("--runs", type=int, default=5)
args = parser.parse_args()


def better(key):
    """max for counts, throughput and memory; min for times."""
    return max if key.endswith(".calls") or key.endswith("calls_per_s") or key == "peak_rss_mb" else min


def keep_best(best, figures):
    for key, value in figures.items():
        best[key] = value if key not in best else better(key)(best[key], value)


def compare_in_memory():
    if not args.py_bench:
        parser.error("--py-bench is required (or use --http with --py-http-bench)")
    ours, theirs = {}, {}
    for run in range(args.runs):
        swift = json.loads(subprocess.run([args.swift_bench, "--fixtures", args.fixtures, "--json"], check=True,
                                          capture_output=True, text=True).stdout)
        python = json.loads(subprocess.run([args.python, args.py_bench, args.fixtures], check=True,
                                           capture_output=True, text=True).stdout)
        keep_best(ours, swift)
        keep_best(theirs, python)
        print(f"run {run + 1}: swift {json.dumps(swift)}", file=sys.stderr)
        print(f"run {run + 1}: python {json.dumps(python)}", file=sys.stderr)

    print(f"{'benchmark':28} {'swift ns/op':>14} {'python ns/op':>14} {'ratio':>8}")
    for key in sorted(ours):
        if key in theirs:
            print(f"{key:28} {ours[key]:14.0f} {theirs[key]:14.0f} {theirs[key] / ours[key]:7.1f}x")
        else:
            print(f"{key:28} {ours[key]:14.0f}")
    print(json.dumps({"swift": ours, "python": theirs}))


def cpu_seconds(pid):
    """utime + stime of a process, from /proc/<pid>/stat."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def python_requests(figures):
    """How many requests py_sdk_http_bench.py sent, from its own figures: the launch of 100, then for each
    sequential phase 20 warm-up calls and at least 50 calls lasting at least --min-time, then the
    concurrent phase's throughput over --min-time."""
    total = 1
    for phase in ("runInstances", "describeInstances.100"):
        wall = figures[f"http.py.{phase}.wall_us"]
        total += 20 + max(50, math.ceil(args.min_time * 1e6 / wall))
    total += figures["http.py.describeInstances.concurrent64.calls_per_s"] * args.min_time
    return total


def compare_over_http():
    if not args.py_http_bench:
        parser.error("--py-http-bench is required with --http")
    emulator = subprocess.Popen([args.emulator, "--port", "0", "--quiet"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
    try:
        listening = None
        for line in emulator.stderr:
            if line.startswith('{"event":"listening"'):
                listening = json.loads(line)
                break
        if listening is None:
            sys.exit("ECSEmulator did not report where it listens")
        url, port, pid = listening["url"], listening["port"], listening["pid"]
        print(f"emulator: {url} (pid {pid})", file=sys.stderr)

        ours, theirs = {}, {}
        for run in range(args.runs):
            swift = json.loads(subprocess.run(
                [args.swift_bench, "--http", "--endpoint", url, "--emulator-pid", str(pid), "--json",
                 "--min-time", str(args.min_time)], check=True, capture_output=True, text=True).stdout)
            # AsyncHTTPClient with the calls in ECSClient.withPreferredExecutor, then with SwiftNIO installed
            # as the concurrency executor: each in a process of its own.
            for alone in ["ahc-loop", "ahc-nio"]:
                swift.update(json.loads(subprocess.run(
                    [args.swift_bench, "--http", "--endpoint", url, "--emulator-pid", str(pid), "--json",
                     "--transports", alone, "--min-time", str(args.min_time)],
                    check=True, capture_output=True, text=True).stdout))
            before = cpu_seconds(pid)
            python = json.loads(subprocess.run(
                [args.python, args.py_http_bench, f"127.0.0.1:{port}", "--min-time", str(args.min_time)],
                check=True, capture_output=True, text=True).stdout)
            python["http.emulator.py.cpu_us_per_request"] = (cpu_seconds(pid) - before) / python_requests(python) * 1e6
            keep_best(ours, swift)
            keep_best(theirs, python)
            print(f"run {run + 1}: swift {json.dumps(swift)}", file=sys.stderr)
            print(f"run {run + 1}: python {json.dumps(python)}", file=sys.stderr)
    finally:
        emulator.terminate()
        emulator.wait()

    def figure(table, key):
        return f"{table[key]:,.1f}" if key in table else "—"

    rows = [
        ("RunInstances, wall µs/call", "runInstances.wall_us"),
        ("RunInstances, client CPU µs/call", "runInstances.cpu_us"),
        ("DescribeInstances 100, wall µs/call", "describeInstances.100.wall_us"),
        ("DescribeInstances 100, client CPU µs/call", "describeInstances.100.cpu_us"),
        ("DescribeInstances 100, 64 callers, calls/s", "describeInstances.concurrent64.calls_per_s"),
    ]
    columns = [("Ours, AsyncHTTPClient", "ahc"), ("Ours, AHC, withPreferredExecutor", "ahc-loop"),
               ("Ours, AHC on NIO's executor", "ahc-nio"), ("Ours, URLSession", "urlsession")]
    ratio_columns = [("Python ÷ AHC", "ahc"), ("Python ÷ AHC, preferred", "ahc-loop")]
    header = " | ".join(f"{title:>31}" for title, _ in columns)
    ratio_header = " | ".join(f"{title:>23}" for title, _ in ratio_columns)
    print(f"| {'Figure':50} | {header} | {'Official Python SDK':>19} | {ratio_header} |")
    print(f"|{'-' * 52}|" + "".join(f"{'-' * 32}:|" for _ in columns) + f"{'-' * 20}:|"
          + "".join(f"{'-' * 24}:|" for _ in ratio_columns))

    def ratio(key, suffix):
        ahc, python = ours.get(f"http.{key}.{suffix}"), theirs.get(f"http.py.{suffix}")
        if not (ahc and python):
            return "—"
        return f"{ahc / python:.1f}× more" if suffix.endswith("calls_per_s") else f"{python / ahc:.1f}×"

    for label, suffix in rows:
        cells = " | ".join(f"{figure(ours, f'http.{key}.{suffix}'):>31}" for _, key in columns)
        ratios = " | ".join(f"{ratio(key, suffix):>23}" for _, key in ratio_columns)
        print(f"| {label:50} | {cells} | {figure(theirs, f'http.py.{suffix}'):>19} | {ratios} |")
    emulator_rows = [
        ("Emulator CPU µs/request: RunInstances", "runInstances"),
        ("Emulator CPU µs/request: DescribeInstances 100", "describeInstances.100"),
        ("Emulator CPU µs/request: 64 callers", "describeInstances.concurrent64"),
    ]
    blanks = " | ".join(f"{'':>23}" for _ in ratio_columns)
    for label, phase in emulator_rows:
        cells = " | ".join(f"{figure(ours, f'http.emulator.{key}.{phase}.cpu_us_per_request'):>31}" for _, key in columns)
        print(f"| {label:50} | {cells} | {'':>19} | {blanks} |")
    blank = " | ".join(f"{'':>31}" for _ in columns)
    print(f"| {'Emulator CPU µs/request: the whole Python run':50} | {blank} "
          f"| {figure(theirs, 'http.emulator.py.cpu_us_per_request'):>19} | {blanks} |")
    print(json.dumps({"swift": ours, "python": theirs}, sort_keys=True))


if args.http:
    compare_over_http()
else:
    compare_in_memory()
