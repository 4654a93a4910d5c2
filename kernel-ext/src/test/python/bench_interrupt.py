#!/usr/bin/python3
"""A cell that prints without end, interrupted after 1.5 s (as the kernelspec says: a message or SIGINT): seconds
from the interrupt to the cell's reply, through jupyter_client with an output hook that keeps every message, or one
that takes 5 ms a message (a slow client). Kernels alternate in one run (lockstep); each run is a fresh kernel.

usage: bench_interrupt.py [--runs 3] KERNEL:LANGUAGE ...   (e.g. gpumagics-java:java python3:python)"""
import argparse, json, os, statistics, threading, time

import jupyter_client

LOOPS = {"java": 'while (true) System.out.println("w".repeat(99));', "python": 'while True: print("w" * 99)'}


def measure(name, language, per_message):
    km = jupyter_client.KernelManager(kernel_name=name)
    km.start_kernel(stderr=open(os.devnull, "w"))
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        kc.execute_interactive("1", timeout=60, output_hook=lambda m: None)
        at = {}

        def interrupt():
            at["t"] = time.perf_counter()
            km.interrupt_kernel()

        def hook(msg):
            if per_message and msg["msg_type"] == "stream":
                time.sleep(per_message)

        threading.Timer(1.5, interrupt).start()
        kc.execute_interactive(LOOPS[language], timeout=300, output_hook=hook)
        return {"kernel": name, "client_s_per_message": per_message, "interrupt_to_reply_s": time.perf_counter() - at["t"],
                "load": os.getloadavg()[0]}
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("kernels", nargs="+")
    args = parser.parse_args()
    results = []
    for _ in range(args.runs):
        for per_message in (0, 0.005):
            for spec in args.kernels:
                name, language = spec.split(":")
                result = measure(name, language, per_message)
                print(json.dumps(result), flush=True)
                results.append(result)
    for spec in args.kernels:
        for per_message in (0, 0.005):
            times = [r["interrupt_to_reply_s"] for r in results if r["kernel"] == spec.split(":")[0]
                     and r["client_s_per_message"] == per_message]
            print(json.dumps({"kernel": spec, "client_s_per_message": per_message, "median_s": statistics.median(times),
                              "times": [round(t, 2) for t in times]}))


if __name__ == "__main__":
    main()
