#!/usr/bin/python3
"""A cell printing N lines of 99 characters, timed in jupyter_client from execute_request to idle, with and without
an IOPub subscriber that never reads (a 1-message receive queue, or ZeroMQ's defaults), then three short cells after
it. Kernels and modes alternate in one run (lockstep), so that machine load hits all alike; each run is a fresh
kernel. Prints one JSON line per run, then the medians.

usage: bench_stuck_subscriber.py [--runs 3] KERNEL:LANGUAGE ...   (e.g. gpumagics-java:java python3:python)"""
import argparse, json, os, statistics, time

import jupyter_client
import zmq

LOOPS = {"java": 'for (int i = 0; i < {n}; i++) System.out.println("z".repeat(99));',
         "python": 'for i in range({n}): print("z" * 99)'}
LATER = {"java": 'System.out.println("later")', "python": 'print("later")'}
MODES = {"alone": (None, 200_000), "hwm1": (1, 200_000), "default": (0, 200_000), "default-150MB": (0, 1_500_000)}


def measure(name, language, mode):
    hwm, lines = MODES[mode]
    km = jupyter_client.KernelManager(kernel_name=name)
    km.start_kernel(stderr=open(os.devnull, "w"))
    kc = km.client()
    kc.start_channels()
    ctx = zmq.Context()
    try:
        kc.wait_for_ready(timeout=60)
        kc.execute_interactive(LATER[language], timeout=60, output_hook=lambda m: None)
        if hwm is not None:
            sub = ctx.socket(zmq.SUB)
            sub.linger = 0
            if hwm:
                sub.setsockopt(zmq.RCVHWM, hwm)
            sub.setsockopt(zmq.SUBSCRIBE, b"")
            sub.connect(f"tcp://127.0.0.1:{km.iopub_port}")
            time.sleep(0.5)
            kc.execute_interactive(LATER[language], timeout=60, output_hook=lambda m: None)
        got = [0]

        def hook(msg):
            if msg["msg_type"] == "stream":
                got[0] += len(msg["content"]["text"])

        t0 = time.perf_counter()
        try:
            kc.execute_interactive(LOOPS[language].format(n=lines), timeout=300, output_hook=hook)
            seconds = time.perf_counter() - t0
        except TimeoutError:
            seconds = None
        t1 = time.perf_counter()
        later = 0
        for _ in range(3):
            seen = []
            try:
                kc.execute_interactive(LATER[language], timeout=30, output_hook=lambda m: seen.append(m["msg_type"]))
                later += "stream" in seen
            except TimeoutError:
                pass
        return {"kernel": name, "mode": mode, "bytes": got[0], "expected": lines * 100, "seconds": seconds,
                "later_with_output": later, "later_seconds": time.perf_counter() - t1, "load": os.getloadavg()[0]}
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        ctx.destroy(linger=0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("kernels", nargs="+")
    args = parser.parse_args()
    results = []
    for _ in range(args.runs):
        for mode in args.modes.split(","):
            for spec in args.kernels:
                name, language = spec.split(":")
                result = measure(name, language, mode)
                print(json.dumps(result), flush=True)
                results.append(result)
    for spec in args.kernels:
        name = spec.split(":")[0]
        for mode in args.modes.split(","):
            runs = [r for r in results if r["kernel"] == name and r["mode"] == mode]
            times = [r["seconds"] for r in runs if r["seconds"] is not None]
            print(json.dumps({"kernel": name, "mode": mode, "median_s": statistics.median(times) if times else None,
                              "times": times, "all_bytes": all(r["bytes"] == r["expected"] for r in runs),
                              "later_with_output": [r["later_with_output"] for r in runs],
                              "load": [round(r["load"], 1) for r in runs]}))


if __name__ == "__main__":
    main()
