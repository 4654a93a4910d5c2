#!/usr/bin/python3
"""The `1+1` round trip against the number of live variables, through Debian's jupyter_client: one kernel declares
`int heldK = K;` in a cell of its own, K = 0, 1, ..., and at each mark the median of 30 round trips is taken. With
--profile, a JFR profile of 60 round trips at the end: the frames most often anywhere on the stack.

usage: /usr/bin/python3 bench_variables.py KERNEL [--marks 250,500,1000] [--profile]
The kernelspec must be installed where Jupyter finds it (JUPYTER_DATA_DIR / JUPYTER_PATH)."""
import argparse, json, os, statistics, subprocess, tempfile, time

import jupyter_client

import benchlib


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kernel")
    parser.add_argument("--marks", default="250,500,1000")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    marks = sorted(int(m) for m in args.marks.split(","))

    km, kc = jupyter_client.manager.start_new_kernel(kernel_name=args.kernel, startup_timeout=120)

    def run(code):
        benchlib.run(kc, code, timeout=300)

    def trips(n):
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            run("1+1")
            times.append((time.perf_counter() - t0) * 1000)
        return statistics.median(times)

    try:
        print(f"{args.kernel}: 0 variables: 1+1 median {trips(30):.1f} ms", flush=True)
        for k in range(marks[-1]):
            run(f"int held{k} = {k};")
            if k + 1 in marks:
                print(f"{args.kernel}: {k + 1} variables: 1+1 median {trips(30):.1f} ms", flush=True)
        if args.profile:
            pid = km.provisioner.process.pid
            with tempfile.TemporaryDirectory() as work:
                jfr = os.path.join(work, "variables.jfr")
                subprocess.run(["jcmd", str(pid), "JFR.start", "name=v", "settings=profile", f"filename={jfr}"],
                               check=True, capture_output=True)
                trips(60)
                subprocess.run(["jcmd", str(pid), "JFR.stop", "name=v"], check=True, capture_output=True)
                events = json.loads(subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", jfr],
                                                   check=True, capture_output=True, text=True).stdout)["recording"]["events"]
            anywhere = {}
            for event in events:
                frames = {f"{f['method']['type']['name'].split('/')[-1]}.{f['method']['name']}"
                          for f in event["values"]["stackTrace"]["frames"]}
                for name in frames:
                    anywhere[name] = anywhere.get(name, 0) + 1
            print(f"{len(events)} samples over 60 round trips; most often on the stack:")
            for name, count in sorted(anywhere.items(), key=lambda kv: -kv[1])[:25]:
                print(f"  {count:5} {name}")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
