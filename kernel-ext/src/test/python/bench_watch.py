#!/usr/bin/python3
"""What %gpuwatch costs a trivial cell, through Debian's jupyter_client: the round trip of `1+1` (execute_request to
idle, the watch's line included when on) with the watch off and on, side by side in one kernel: blocks of 20 cells,
off then on, after 40 warm-ups each, until each has 200. libtorch is loaded first, as in a notebook that trains.
With --idle POLICY the same for the idle courtesy: %gpuidle off against %gpuidle POLICY (e.g. "release 5s").

usage: /usr/bin/python3 bench_watch.py KERNEL_NAME [--cells N] [--block N] [--variables N] [--idle POLICY] [--json]
The kernelspec must be installed where Jupyter finds it (JUPYTER_DATA_DIR / JUPYTER_PATH)."""
import argparse, functools, json, statistics, time

import jupyter_client

import benchlib
from benchlib import pct

run = functools.partial(benchlib.run, timeout=300)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kernel")
    parser.add_argument("--cells", type=int, default=200)
    parser.add_argument("--block", type=int, default=20)
    parser.add_argument("--variables", type=int, default=0, help="tensor variables declared before timing")
    parser.add_argument("--idle", help="time %%gpuidle off against %%gpuidle IDLE instead of the watch")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    switch = {"off": "%gpuidle off", "on": "%gpuidle " + args.idle} if args.idle else {"off": "%gpuwatch off", "on": "%gpuwatch on"}

    km, kc = jupyter_client.manager.start_new_kernel(kernel_name=args.kernel, startup_timeout=120)
    run(kc, "%maven org.bytedeco:pytorch:2.10.0-1.5.13:linux-x86_64\nimport org.bytedeco.pytorch.*;\n"
            "import static org.bytedeco.pytorch.global.torch.*;\nones(1).close();")
    for i in range(args.variables):
        run(kc, f"Tensor held{i} = ones(16);")
    times = {"off": [], "on": []}
    for mode in ("off", "on"):
        run(kc, switch[mode])
        for _ in range(40):
            run(kc, "1+1")
    while len(times["on"]) < args.cells:
        for mode in ("off", "on"):
            run(kc, switch[mode])
            for _ in range(args.block):
                t0 = time.perf_counter()
                seen = run(kc, "1+1")
                times[mode].append((time.perf_counter() - t0) * 1000)
                if (mode == "on" and not args.idle) != ("display_data" in seen):
                    raise SystemExit(f"{switch[mode]}, but the cell published {seen}")
    run(kc, switch["off"])
    kc.stop_channels()
    km.shutdown_kernel(now=True)

    result = {mode: {"median": statistics.median(t), "p95": pct(t, 95), "min": min(t), "cells": len(t)} for mode, t in times.items()}
    result["on_minus_off_median_ms"] = result["on"]["median"] - result["off"]["median"]
    result["variables"] = args.variables
    if args.json:
        print(json.dumps(result))
    else:
        for mode in ("off", "on"):
            r = result[mode]
            print(f"{switch[mode]:>30}: 1+1 round trip median {r['median']:.1f} ms, p95 {r['p95']:.1f} ms, min {r['min']:.1f} ms ({r['cells']} cells)")
        print(f"on - off, medians: {result['on_minus_off_median_ms']:+.1f} ms ({args.variables} extra tensor variables)")


if __name__ == "__main__":
    main()
