#!/usr/bin/python3
"""A kernel through a day of work, through Debian's jupyter_client: the `1+1` round trip (median of
20) and the kernel's RSS against the notebook's age, the wall time of the first 1,000 cells, start-up
to first idle, where the kernel's threads spent their CPU between two ages, and (Java kernels, with
--profile-at) a JFR profile of 100 cells at that age.

usage: /usr/bin/python3 bench_aging.py KERNEL[@MAX_AGE] [KERNEL ...] [--ages 0,20,250,500,1000,3000]
         [--variant 'LABEL=BASE drop:OPTION add:OPTION env:NAME=VALUE ...'] [--starts 5]
         [--workload mixed|small] [--profile-at 1000] [--json FILE]

Each KERNEL is an installed kernelspec's name (with @MAX_AGE, measured only up to that age); a
--variant is a copy of kernelspec BASE with JVM options dropped (every argument starting with OPTION)
or added, or an environment variable set, run as one more kernel. Kernels run one after the other,
in the order given, variants last. The workload cells are written for the
kernelspec's language (java or python). The mixed workload (the default) declares and redeclares
variables, methods, records and classes, evaluates expressions, prints, and every 50 cells makes a
tensor (Java: libtorch CPU through %maven; Python: a bytearray of the same size), half of them held
by a named variable, half by an expression's result. The small workload is the cells the IJava
figures in docs/BENCHMARKS.md were measured with: `int vK = i; vK * 2`, K = i mod 50. The measuring
`1+1` cells run between the ages and are not counted in them."""
import argparse, functools, json, os, re, shutil, statistics, subprocess, sys, tempfile, time

import jupyter_client
from jupyter_client.kernelspec import KernelSpecManager

import benchlib

run = functools.partial(benchlib.run, timeout=600)

TORCH = "org.bytedeco:pytorch:2.10.0-1.5.13:linux-x86_64"


def java_cell(i):
    """Cell i of the Java workload. Names repeat (50 ints, 30 strings, 20 methods...), so that most
    cells redeclare something, as a notebook's cells do when they are run again and again."""
    base = f"v{(i - i % 10) % 50}"  # declared by this decade's first cell
    if i % 50 == 25:
        return f"var t{(i // 50) % 4} = torch.ones(256, 256).mul(new Scalar({i}.0)); t{(i // 50) % 4}.sum().item_float()"
    if i % 50 == 45:
        return f"torch.ones(64, 64).add(new Scalar({i}.0))"  # a tensor held only by its $N
    r = i % 10
    if r <= 2:
        return f"int v{i % 50} = {i}; v{i % 50} * 2"
    if r == 3:
        return f'String s{i % 30} = "cell {i}"; s{i % 30}.length()'
    if r == 4:
        return f"long f{i % 20}(long x) {{ return x * {i % 7 + 1}; }}\nf{i % 20}({base})"
    if r == 5:
        return f"var list{i % 10} = new java.util.ArrayList<Integer>(java.util.List.of({i}, {i + 1})); list{i % 10}.size()"
    if r == 6:
        return f"long g{i % 10}(long x) {{ return f{(i - 2) % 20}(x) + 1; }}\ng{i % 10}({i})"
    if r == 7:
        return f"record P{i % 10}(int a, int b) {{ int sum() {{ return a + b; }} }}\nnew P{i % 10}({i}, 1).sum()"
    if r == 8:
        return f"{base} += 1"
    return f'System.out.println("at " + {base})'


def python_cell(i):
    base = f"v{(i - i % 10) % 50}"
    if i % 50 == 25:
        return f"t{(i // 50) % 4} = bytearray(256 * 256 * 4); len(t{(i // 50) % 4})"
    if i % 50 == 45:
        return "bytearray(64 * 64 * 4)"
    r = i % 10
    if r <= 2:
        return f"v{i % 50} = {i}; v{i % 50} * 2"
    if r == 3:
        return f's{i % 30} = "cell {i}"; len(s{i % 30})'
    if r == 4:
        return f"def f{i % 20}(x): return x * {i % 7 + 1}\nf{i % 20}({base})"
    if r == 5:
        return f"list{i % 10} = [{i}, {i + 1}]; len(list{i % 10})"
    if r == 6:
        return f"def g{i % 10}(x): return f{(i - 2) % 20}(x) + 1\ng{i % 10}({i})"
    if r == 7:
        return (f"class P{i % 10}:\n    def __init__(self, a, b): self.a, self.b = a, b\n"
                f"    def sum(self): return self.a + self.b\nP{i % 10}({i}, 1).sum()")
    if r == 8:
        return f"{base} += 1"
    return f'print("at", {base})'


def small_java_cell(i):
    """The issue's cells, with which IJava 1.3.0 was measured: 50 ints redeclared in turn, each doubled."""
    return f"int v{i % 50} = {i}; v{i % 50} * 2"


def small_python_cell(i):
    return f"v{i % 50} = {i}; v{i % 50} * 2"


WORKLOADS = {
    ("mixed", "java"): ([f"%maven {TORCH}", "import org.bytedeco.pytorch.Scalar;\nimport org.bytedeco.pytorch.global.torch;"],
                        java_cell),
    ("mixed", "python"): ([], python_cell),
    ("small", "java"): ([], small_java_cell),
    ("small", "python"): ([], small_python_cell),
}


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def thread_cpu(pid):
    """CPU seconds per thread name (a pool's threads summed under their common name) of process pid."""
    ticks = os.sysconf("SC_CLK_TCK")
    seconds = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # a thread that ended meanwhile
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        name = re.sub(r"[#\d]+$", "", name).strip() or name  # "C1 CompilerThre0", "GC Thread#3"
        seconds[name] = seconds.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / ticks
    return seconds


def cpu_delta(before, after):
    delta = {name: after[name] - before.get(name, 0.0) for name in after}
    return {name: round(s, 2) for name, s in sorted(delta.items(), key=lambda kv: -kv[1]) if s >= 0.05}


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def process_cpu_s(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def round_trip_ms(kc, pid, n):
    """The median round trip of `1+1` in the client, and the kernel's CPU per trip (which other
    processes on the machine change less than the wall time)."""
    trips = []
    cpu0 = process_cpu_s(pid)
    for _ in range(n):
        t0 = time.perf_counter()
        run(kc, "1+1")
        trips.append((time.perf_counter() - t0) * 1000)
    return statistics.median(trips), (process_cpu_s(pid) - cpu0) * 1000 / n


def start(km_name, timeout=120):
    t0 = time.perf_counter()
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name=km_name, startup_timeout=timeout)
    return km, kc, time.perf_counter() - t0


def pid_of(km):
    return km.provisioner.process.pid if getattr(km, "provisioner", None) else km.kernel.pid


def profile(pid, kc, cell, first, count, workdir):
    """JFR over `count` workload cells: the methods most often on top of the stack (self), the frames of
    interest anywhere on it (total), and the garbage collections' pause time."""
    jfr = os.path.join(workdir, f"aging-{pid}.jfr")
    subprocess.run(["jcmd", str(pid), "JFR.start", "name=aging", "settings=profile", f"filename={jfr}"],
                   check=True, capture_output=True)
    t0 = time.perf_counter()
    for i in range(first, first + count):
        run(kc, cell(i))
    wall = time.perf_counter() - t0
    subprocess.run(["jcmd", str(pid), "JFR.stop", "name=aging"], check=True, capture_output=True)
    samples = json.loads(subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", jfr],
                                        check=True, capture_output=True, text=True).stdout)
    gcs = json.loads(subprocess.run(["jfr", "print", "--json", "--events", "jdk.GarbageCollection", jfr],
                                    check=True, capture_output=True, text=True).stdout)
    events = samples["recording"]["events"]
    top, anywhere = {}, {}
    for event in events:
        frames = [f"{f['method']['type']['name'].split('/')[-1]}.{f['method']['name']}"
                  for f in event["values"]["stackTrace"]["frames"]]
        if frames:
            top[frames[0]] = top.get(frames[0], 0) + 1
        for name in set(frames):
            anywhere[name] = anywhere.get(name, 0) + 1
    def seconds(duration):  # JFR's JSON writes durations as ISO-8601 ("PT0.012345S")
        m = re.match(r"PT(?:(\d+)M)?([\d.]+)S", duration)
        return (int(m.group(1) or 0) * 60 + float(m.group(2))) if m else 0.0
    gc = {}
    for e in gcs["recording"]["events"]:
        kind = gc.setdefault(e["values"]["name"], {"collections": 0, "pause_s": 0.0})
        kind["collections"] += 1
        kind["pause_s"] = round(kind["pause_s"] + seconds(e["values"]["sumOfPauses"]), 3)
    histogram = subprocess.run(["jcmd", str(pid), "GC.class_histogram"], capture_output=True, text=True).stdout
    return {
        "cells": count, "wall_s": round(wall, 2), "samples": len(events),
        "top_self": sorted(top.items(), key=lambda kv: -kv[1])[:15],
        "top_total": sorted(anywhere.items(), key=lambda kv: -kv[1])[:40],
        "gc": gc,
        "heap_histogram_top": [line.strip() for line in histogram.splitlines()[1:17]],
    }


def bench(name, args, workdir):
    name, _, most = name.partition("@")  # KERNEL@1000: only the ages up to 1,000 (a kernel too slow for more)
    ages = [a for a in args.ages if not most or a <= int(most)]
    spec = KernelSpecManager().get_kernel_spec(name)
    language = spec.language.lower()
    if (args.workload, language) not in WORKLOADS:
        raise SystemExit(f"{name}: no workload for the language {language!r} (java and python have one)")
    setup, cell = WORKLOADS[(args.workload, language)]
    result = {"kernel": name, "language": language, "workload": args.workload, "argv": spec.argv, "env": spec.env,
              "load_before": load()}

    starts = []
    for _ in range(args.starts):
        km, kc, seconds = start(name)
        starts.append(seconds)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    result["startup_s"] = {"median": round(statistics.median(starts), 3), "min": round(min(starts), 3),
                           "max": round(max(starts), 3), "runs": len(starts)}

    km, kc, _ = start(name)
    pid = pid_of(km)
    try:
        t0 = time.perf_counter()
        run(kc, "1+1")
        result["first_cell_s"] = round(time.perf_counter() - t0, 3)
        for code in setup:
            run(kc, code)
        points, done, wall, cpu, cpu_at = [], 0, 0.0, 0.0, thread_cpu(pid)
        for age in ages:
            t0, c0 = time.perf_counter(), process_cpu_s(pid)
            while done < age:
                run(kc, cell(done))
                done += 1
            wall += time.perf_counter() - t0
            cpu += process_cpu_s(pid) - c0
            cpu_now = thread_cpu(pid)
            trip, trip_cpu = round_trip_ms(kc, pid, args.trips)
            point = {"age": age, "round_trip_ms": round(trip, 1), "kernel_cpu_ms_per_trip": round(trip_cpu, 1),
                     "rss_mb": round(rss_mb(pid)), "workload_s": round(wall, 1), "workload_cpu_s": round(cpu, 1), "load": load(),
                     "cpu_s_by_thread_since_last_age": cpu_delta(cpu_at, cpu_now)}
            cpu_at = thread_cpu(pid)
            points.append(point)
            print(f"  {name} age {age}: 1+1 {point['round_trip_ms']} ms (kernel CPU {point['kernel_cpu_ms_per_trip']} ms), "
                  f"RSS {point['rss_mb']} MB, "
                  f"workload {point['workload_s']} s, load {point['load']}", file=sys.stderr, flush=True)
            if args.profile_at == age and language == "java":
                result["profile"] = profile(pid, kc, cell, done, 100, workdir)
                result["profile"]["age"] = age
                done += 100  # the profiled cells are workload cells too
        result["ages"] = points
        first = [p for p in points if p["age"] == 1000]
        if first:
            result["first_1000_cells_s"] = first[0]["workload_s"]
            result["first_1000_cells_cpu_s"] = first[0]["workload_cpu_s"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    result["load_after"] = load()
    return result


def make_variant(text, workdir):
    """LABEL=BASE drop:OPT add:OPT ... -> a kernelspec named LABEL in workdir's kernels/."""
    label, _, rest = text.partition("=")
    words = rest.split()
    if not label or not words or not re.fullmatch(r"[A-Za-z0-9._-]+", label):
        raise SystemExit(f"--variant {text!r}: expected LABEL=BASE drop:OPTION add:OPTION ...")
    base = KernelSpecManager().get_kernel_spec(words[0])
    argv, env = list(base.argv), dict(base.env or {})
    for word in words[1:]:
        how, _, option = word.partition(":")
        if how == "drop":
            argv = [a for a in argv if not a.startswith(option)]
        elif how == "add":
            argv.insert(argv.index("-jar") if "-jar" in argv else 1, option)
        elif how == "env" and "=" in option:
            env[option.partition("=")[0]] = option.partition("=")[2]
        else:
            raise SystemExit(f"--variant {text!r}: {word!r} is none of drop:OPTION, add:OPTION, env:NAME=VALUE")
    folder = os.path.join(workdir, "kernels", label)
    os.makedirs(folder)
    spec = base.to_dict()
    spec["argv"], spec["env"] = argv, env
    spec["display_name"] = label
    with open(os.path.join(folder, "kernel.json"), "w") as f:
        json.dump(spec, f, indent=1)
    return label


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kernels", nargs="+")
    parser.add_argument("--ages", default="0,20,250,500,1000,3000")
    parser.add_argument("--trips", type=int, default=20)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--variant", action="append", default=[])
    parser.add_argument("--workload", choices=["mixed", "small"], default="mixed")
    parser.add_argument("--profile-at", type=int)
    parser.add_argument("--json")
    args = parser.parse_args()
    args.ages = sorted(int(a) for a in args.ages.split(","))

    workdir = tempfile.mkdtemp(prefix="bench-aging-")
    try:
        # variants are found through JUPYTER_PATH, which jupyter_client reads when a kernel is looked up
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [workdir, os.environ.get("JUPYTER_PATH")]))
        kernels = args.kernels + [make_variant(v, workdir) for v in args.variant]
        results = []
        for name in kernels:
            print(f"{name}: load {load()}", file=sys.stderr, flush=True)
            results.append(bench(name, args, workdir))
        report = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": machine(),
                  "workload": args.workload, "kernels": results}
        if args.json:
            with open(args.json, "w") as f:
                json.dump(report, f, indent=1)
        print_table(report, args.ages)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def machine():
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) / 1024 / 1024
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    return f"{os.cpu_count()} cores, {mem:.0f} GiB, {java[0] if java else 'no java'}"


def print_table(report, ages):
    print(f"{report['date']}, {report['machine']}, workload {report['workload']}")
    print("| kernel | start-up median | " + " | ".join(f"1+1 after {a} (kernel CPU)" for a in ages)
          + " | RSS " + " / ".join(str(a) for a in ages) + " MB | first 1,000 cells (kernel CPU) | load |")
    print("|---" * (len(ages) + 5) + "|")
    for k in report["kernels"]:
        by_age = {p["age"]: p for p in k["ages"]}
        trips = " | ".join(f"{by_age[a]['round_trip_ms']:.0f} ms ({by_age[a]['kernel_cpu_ms_per_trip']:.0f})"
                           if a in by_age else "-" for a in ages)
        rss = " / ".join(f"{by_age[a]['rss_mb']}" if a in by_age else "-" for a in ages)
        first = (f"{k['first_1000_cells_s']:.1f} s ({k['first_1000_cells_cpu_s']:.1f} s)"
                 if "first_1000_cells_s" in k else "-")
        print(f"| {k['kernel']} | {k['startup_s']['median']:.3f} s | {trips} | {rss} | {first} | "
              f"{k['load_before']} -> {k['load_after']} |")
    for k in report["kernels"]:
        if "profile" in k:
            p = k["profile"]
            gc = ", ".join(f"{name} {g['collections']} collections, {g['pause_s']} s paused" for name, g in p["gc"].items())
            print(f"\n{k['kernel']}: profile of {p['cells']} cells at age {p['age']} ({p['wall_s']} s, "
                  f"{p['samples']} samples; GC: {gc or 'none'})")
            print("  on top of the stack: " + ", ".join(f"{n} {c}" for n, c in p["top_self"][:10]))
            print("  anywhere on the stack: " + ", ".join(f"{n} {c}" for n, c in p["top_total"][:25]))
        last = k["ages"][-1]
        print(f"{k['kernel']}: CPU by thread up to age {last['age']}: {last['cpu_s_by_thread_since_last_age']}")


if __name__ == "__main__":
    main()
