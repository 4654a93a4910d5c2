#!/usr/bin/python3
"""Kernel benchmark through Debian's jupyter_client: start-up to first idle, the round trip of `1+1`
(200 runs after 20 warm-ups), and the kernel's RSS after 1,000 cells.

usage: /usr/bin/python3 bench_kernel.py KERNEL_NAME [--starts N] [--cells N] [--json]
The kernelspec must be installed where Jupyter finds it (JUPYTER_DATA_DIR / JUPYTER_PATH)."""
import argparse, functools, json, os, statistics, sys, time

import jupyter_client

import benchlib
from benchlib import pct

run = functools.partial(benchlib.run, timeout=120)


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def start(name):
    t0 = time.perf_counter()
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name=name, startup_timeout=60)
    return km, kc, time.perf_counter() - t0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kernel")
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--cells", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    starts = []
    for _ in range(args.starts):
        km, kc, seconds = start(args.kernel)
        starts.append(seconds)
        kc.stop_channels()
        km.shutdown_kernel(now=True)

    km, kc, _ = start(args.kernel)
    pid = km.provisioner.process.pid if getattr(km, "provisioner", None) else km.kernel.pid
    t0 = time.perf_counter()
    run(kc, "1+1")
    first_cell = time.perf_counter() - t0
    for _ in range(20):
        run(kc, "1+1")
    trips = []
    for _ in range(200):
        t0 = time.perf_counter()
        run(kc, "1+1")
        trips.append((time.perf_counter() - t0) * 1000)
    for i in range(args.cells - 221):
        run(kc, f"int v{i % 50} = {i}; v{i % 50} * 2")
    rss = rss_mb(pid)
    kc.stop_channels()
    km.shutdown_kernel(now=True)

    result = {
        "startup_s": {"median": statistics.median(starts), "min": min(starts), "max": max(starts), "runs": len(starts)},
        "first_cell_s": first_cell,
        "round_trip_ms": {"min": min(trips), "median": statistics.median(trips), "p95": pct(trips, 95), "max": max(trips)},
        "rss_mb_after_cells": rss,
        "cells": args.cells,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"start-up to first idle: median {result['startup_s']['median']:.3f} s "
              f"(min {min(starts):.3f}, max {max(starts):.3f}, {len(starts)} starts); first cell {first_cell:.3f} s")
        r = result["round_trip_ms"]
        print(f"1+1 round trip (200 after 20 warm-ups): min {r['min']:.1f} ms, median {r['median']:.1f} ms, "
              f"p95 {r['p95']:.1f} ms, max {r['max']:.1f} ms")
        print(f"RSS after {args.cells} cells: {rss:.0f} MB")


if __name__ == "__main__":
    main()
