#!/usr/bin/python3
"""Stream throughput through Debian's jupyter_client: a cell prints N lines of 99 characters; timed from
the execute_request to the idle status, counting what reached the client. Kernels take turns in one run.

usage: /usr/bin/python3 bench_streams.py [--lines 50000,500000] [--repeat 3] KERNEL:LANGUAGE ...
LANGUAGE is java or python (how the loop is written). The kernelspecs must be where Jupyter finds them."""
import argparse, json, os, statistics, time

import jupyter_client

LOOPS = {
    "java": 'for (int i = 0; i < {n}; i++) System.out.println("z".repeat(99));',
    "python": 'for i in range({n}):\n    print("z" * 99)',
}


def measure(kc, language, lines):
    received = {"bytes": 0, "lines": 0, "messages": 0}

    def hook(msg):
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            text = msg["content"]["text"]
            received["bytes"] += len(text.encode())
            received["lines"] += text.count("\n")
            received["messages"] += 1

    start = time.perf_counter()
    reply = kc.execute_interactive(LOOPS[language].format(n=lines), timeout=600, output_hook=hook)
    seconds = time.perf_counter() - start
    return {"status": reply["content"]["status"], "seconds": seconds, **received}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kernels", nargs="+")
    parser.add_argument("--lines", default="50000,500000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = {}
    for spec in args.kernels:
        name, language = spec.split(":")
        km, kc = jupyter_client.manager.start_new_kernel(kernel_name=name, startup_timeout=120)
        try:
            kc.execute_interactive(LOOPS[language].format(n=1000), timeout=120, output_hook=lambda m: None)  # warm
            for lines in (int(x) for x in args.lines.split(",")):
                runs = [measure(kc, language, lines) for _ in range(args.repeat)]
                median = statistics.median(r["seconds"] for r in runs)
                results[f"{name} {lines}"] = {
                    "kernel": name, "lines_printed": lines, "bytes_printed": lines * 100,
                    "seconds_median": median, "seconds": [r["seconds"] for r in runs],
                    "lines_delivered": [r["lines"] for r in runs], "bytes_delivered": [r["bytes"] for r in runs],
                    "messages": [r["messages"] for r in runs], "statuses": [r["status"] for r in runs],
                    "lines_per_second": lines / median if all(r["lines"] == lines for r in runs) else None}
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    results["load_average"] = os.getloadavg()
    print(json.dumps(results, indent=1))


main()
