#!/usr/bin/env python3
"""Runs ECSBenchmarks and the official Python SDK's benchmark alternately, several times, on the same
fixtures, and prints the best figure of each side and their ratio.

    python3 Benchmarks/compare.py --python /path/to/venv/bin/python --py-bench /path/to/py_sdk_bench.py [--runs 5]

Best-of-N, for both sides alike: on a shared machine a run can be slowed by other work, never sped up.
"""
import argparse
import json
import subprocess
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--python", required=True, help="the Python with alibabacloud-ecs20140526 installed")
parser.add_argument("--py-bench", required=True, help="py_sdk_bench.py")
parser.add_argument("--fixtures", default="Tests/Fixtures/responses")
parser.add_argument("--swift-bench", default=".build/release/ECSBenchmarks")
parser.add_argument("--runs", type=int, default=5)
args = parser.parse_args()

ours, theirs = {}, {}
for run in range(args.runs):
    swift = json.loads(subprocess.run([args.swift_bench, "--fixtures", args.fixtures, "--json"], check=True,
                                      capture_output=True, text=True).stdout)
    python = json.loads(subprocess.run([args.python, args.py_bench, args.fixtures], check=True,
                                       capture_output=True, text=True).stdout)
    for key, value in swift.items():
        better = max if key.endswith(".calls") or key == "peak_rss_mb" else min
        ours[key] = value if key not in ours else better(ours[key], value)
    for key, value in python.items():
        theirs[key] = value if key not in theirs else min(theirs[key], value)
    print(f"run {run + 1}: swift {json.dumps(swift)}", file=sys.stderr)
    print(f"run {run + 1}: python {json.dumps(python)}", file=sys.stderr)

print(f"{'benchmark':28} {'swift ns/op':>14} {'python ns/op':>14} {'ratio':>8}")
for key in sorted(ours):
    if key in theirs:
        print(f"{key:28} {ours[key]:14.0f} {theirs[key]:14.0f} {theirs[key] / ours[key]:7.1f}x")
    else:
        print(f"{key:28} {ours[key]:14.0f}")
print(json.dumps({"swift": ours, "python": theirs}))
