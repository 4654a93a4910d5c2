#!/usr/bin/python3
"""Our kernel under several JVM option sets and other Java kernels side by side, all alive at once and driven in
lockstep (each step goes to every kernel before the next step), through Debian's jupyter_client, over the dimensions a
notebook grows: declared variables, age, methods and classes, tensors held. At each point of a workload: `1+1` (median
of --trips, in the client, and the kernel's CPU per trip from /proc), a typical cell (a small libtorch op, median of
half as many) where the workload loads libtorch, and RSS. Start-up to ready (`start_new_kernel`) for every kernel
first, round-robin; after the age workload, RSS while every kernel sits idle, then `1+1` once more.

usage: /usr/bin/python3 bench/kernel_options.py [KERNEL ...] [--ours 'LABEL=JVM OPTIONS'] [--base NAME]
         [--workloads variables,age,methods,tensors] [--points 'variables=0,20,1000'] [--trips 20] [--starts 3]
         [--idle-minutes 10] [--libtorch-pom POM] [--json FILE]

Each KERNEL is an installed kernelspec's name (IJava's, say); each --ours is the installed kernelspec --base with its
JVM options (all between `java` and the start-up archive's options or `-jar`, but its --add-opens) replaced by
LABEL's, and `--ours
shipped` (no '=') is --base as installed. Kernels that run gpumagics.jar load libtorch with `%maven` and a classifier,
the others (IJava, JJava) with `%maven` and `%loadFromPOM` of --libtorch-pom, the two lines README gives them."""
import argparse, functools, json, os, re, shutil, statistics, sys, tempfile, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kernel-ext", "src", "test", "python"))
from jupyter_client.kernelspec import KernelSpecManager  # noqa: E402

import benchlib  # noqa: E402
from bench_aging import load, machine, pid_of, process_cpu_s, rss_mb, start  # noqa: E402

run = functools.partial(benchlib.run, timeout=900)

TORCH = "org.bytedeco:pytorch:2.10.0-1.5.13"
TORCH_IMPORTS = "import org.bytedeco.pytorch.*;\nimport org.bytedeco.pytorch.global.torch;"
TYPICAL = "torch.ones(64, 64).matmul(torch.ones(64, 64)).sum().item_float()"


def method_or_class(i):
    """A new method, record or class each cell, each calling or naming an earlier one, as a notebook's helpers do."""
    if i % 3 == 0:
        return f"long m{i}(long x) {{ return x + {i}; }}"
    if i % 3 == 1:
        return f"record R{i}(int a) {{ long twice() {{ return m{i - 1}(2L * a); }} }}"
    return f"class C{i} {{ final R{i - 1} r = new R{i - 1}({i}); long get() {{ return r.twice(); }} }}"


# name -> (cells, default points, whether libtorch is loaded first)
WORKLOADS = {
    # a new int each cell: JShell compiles every later snippet with an import of each live declaration
    "variables": (lambda i: f"int u{i} = {i};", [0, 20, 250, 500, 1000, 2000], True),
    # the small cells: 50 names redeclared in turn, each doubled; age without more declarations
    "age": (lambda i: f"int v{i % 50} = {i}; v{i % 50} * 2", [0, 20, 500, 1000, 2000, 3000], False),
    "methods": (method_or_class, [0, 20, 250, 500], True),
    "tensors": (lambda i: f"Tensor t{i} = torch.ones(64, 64).mul(new Scalar({i}.0));", [0, 20, 100, 250], True),
}


def ours(argv):
    return any(a.endswith("gpumagics.jar") for a in argv)


def with_options(base, label, options, workdir):
    """A copy of kernelspec `base` named LABEL whose JVM options are `options`; its openings (JavaCPP needs
    java.lang), start-up archive and -jar are kept."""
    spec = KernelSpecManager().get_kernel_spec(base)
    argv = list(spec.argv)
    end = next(i for i, a in enumerate(argv) if a.startswith("-XX:SharedArchiveFile") or a == "-jar")
    opens = [pair for i, a in enumerate(argv[:end]) if a == "--add-opens" for pair in argv[i:i + 2]]
    new = spec.to_dict()
    new["argv"], new["display_name"] = [argv[0], *options.split(), *opens, *argv[end:]], label
    os.makedirs(os.path.join(workdir, "kernels", label))
    with open(os.path.join(workdir, "kernels", label, "kernel.json"), "w") as f:
        json.dump(new, f, indent=1)
    return label


class Kernel:
    def __init__(self, label, name):
        self.label, self.name = label, name
        self.argv = KernelSpecManager().get_kernel_spec(name).argv
        self.km = self.kc = None

    def start(self):
        self.km, self.kc, seconds = start(self.name, timeout=180)
        self.pid = pid_of(self.km)
        return seconds

    def stop(self):
        if self.kc:
            self.kc.stop_channels()
            self.km.shutdown_kernel(now=True)
        self.km = self.kc = None

    def torch_lines(self, pom):
        load_lines = [f"%maven {TORCH}:linux-x86_64"] if ours(self.argv) else [f"%maven {TORCH}", f"%loadFromPOM {pom}"]
        return load_lines + [TORCH_IMPORTS]


def timed(kernel, code):
    t0 = time.perf_counter()
    run(kernel.kc, code)
    return (time.perf_counter() - t0) * 1000


def lockstep_medians(kernels, code, n):
    """`code` n times in every kernel, trip k in each kernel before trip k+1: the median round trip per kernel, and
    the kernel's CPU per trip over the n (whole clock ticks of /proc are too coarse for one trip)."""
    walls, cpu0 = {k.label: [] for k in kernels}, {k.label: process_cpu_s(k.pid) for k in kernels}
    for _ in range(n):
        for k in kernels:
            t0 = time.perf_counter()
            run(k.kc, code)
            walls[k.label].append((time.perf_counter() - t0) * 1000)
    return {k.label: (round(statistics.median(walls[k.label]), 1),
                      round((process_cpu_s(k.pid) - cpu0[k.label]) * 1000 / n, 1)) for k in kernels}


def startups(kernels, rounds):
    seconds = {k.label: [] for k in kernels}
    for _ in range(rounds):
        for k in kernels:
            seconds[k.label].append(k.start())
            k.stop()
    return {label: {"median": round(statistics.median(s), 3), "min": round(min(s), 3), "max": round(max(s), 3)}
            for label, s in seconds.items()}


def workload(kernels, name, points, args):
    cell, _, torch = WORKLOADS[name]
    for k in kernels:
        k.start()
    try:
        if torch:
            for line in range(3):
                for k in kernels:
                    lines = k.torch_lines(args.libtorch_pom)
                    if line < len(lines):
                        run(k.kc, lines[line])
            run_all(kernels, TYPICAL)  # the first op loads the natives: not a typical cell
        rows, done, wall = [], 0, {k.label: 0.0 for k in kernels}
        for point in points:
            for i in range(done, point):
                for k in kernels:
                    wall[k.label] += timed(k, cell(i)) / 1000
            done = point
            trips = lockstep_medians(kernels, "1+1", args.trips)
            typical = lockstep_medians(kernels, TYPICAL, max(1, args.trips // 2)) if torch else {}
            row = {"point": point, "load": load(), "kernels": {k.label: {
                "one_plus_one_ms": trips[k.label][0], "one_plus_one_cpu_ms": trips[k.label][1],
                "typical_ms": typical.get(k.label, (None,))[0], "rss_mb": round(rss_mb(k.pid)),
                "workload_s": round(wall[k.label], 1)} for k in kernels}}
            rows.append(row)
            print(f"{name} {point}: " + ", ".join(f"{label} {v['one_plus_one_ms']} ms {v['rss_mb']} MB"
                                                  for label, v in row["kernels"].items()) + f" (load {row['load']})",
                  file=sys.stderr, flush=True)
        result = {"workload": name, "torch": torch, "rows": rows}
        if name == "age" and args.idle_minutes > 0:
            result["idle"] = idle(kernels, args.idle_minutes)
        return result
    finally:
        for k in kernels:
            k.stop()


def run_all(kernels, code):
    for k in kernels:
        run(k.kc, code)


def idle(kernels, minutes):
    """RSS of every kernel while none is sent anything, every 30 s, then `1+1` once each: lean idle, fast again."""
    samples, t0 = [], time.time()
    while True:
        elapsed = time.time() - t0
        samples.append({"s": round(elapsed), "rss_mb": {k.label: round(rss_mb(k.pid)) for k in kernels}})
        if elapsed >= minutes * 60:
            break
        time.sleep(min(30, minutes * 60 - elapsed))
    after = {k.label: round(timed(k, "1+1"), 1) for k in kernels}
    return {"samples": samples, "first_one_plus_one_after_ms": after, "load": load()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kernels", nargs="*")
    parser.add_argument("--ours", action="append", default=[])
    parser.add_argument("--base", default="gpumagics-options")
    parser.add_argument("--workloads", default="variables,age,methods,tensors")
    parser.add_argument("--points", action="append", default=[], help="WORKLOAD=P1,P2,...")
    parser.add_argument("--trips", type=int, default=20)
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--idle-minutes", type=float, default=10)
    parser.add_argument("--libtorch-pom", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                        "kernel-ext", "target", "classes", "dev", "gpumagics", "install", "gpumagics-libtorch-cpu.pom"))
    parser.add_argument("--json")
    args = parser.parse_args()
    points = {name: p for name, (_, p, _) in WORKLOADS.items()}
    for text in args.points:
        name, _, values = text.partition("=")
        points[name] = [int(v) for v in values.split(",")]

    workdir = tempfile.mkdtemp(prefix="bench-options-")
    try:
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [workdir, os.environ.get("JUPYTER_PATH")]))
        kernels = []
        for text in args.ours:
            label, has_options, options = text.partition("=")
            if not re.fullmatch(r"[A-Za-z0-9._-]+", label):
                raise SystemExit(f"--ours {text!r}: LABEL is letters, digits, '.', '_' and '-'")
            kernels.append(Kernel(label, with_options(args.base, label, options, workdir) if has_options else args.base))
        kernels += [Kernel(name, name) for name in args.kernels]
        report = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": machine(), "load_before": load(),
                  "argv": {k.label: k.argv for k in kernels}}
        report["startup_s"] = startups(kernels, args.starts)
        print(f"start-up: {report['startup_s']}", file=sys.stderr, flush=True)
        report["workloads"] = [workload(kernels, name, points[name], args) for name in args.workloads.split(",")]
        report["load_after"] = load()
        if args.json:
            with open(args.json, "w") as f:
                json.dump(report, f, indent=1)
        print_tables(report, [k.label for k in kernels])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def print_tables(report, labels):
    print(f"{report['date']}, {report['machine']}, load {report['load_before']} -> {report['load_after']}")
    print("start-up to ready, median (min-max): " + ", ".join(
        f"{label} {s['median']:.3f} s ({s['min']:.3f}-{s['max']:.3f})" for label, s in report["startup_s"].items()))
    for w in report["workloads"]:
        points = [r["point"] for r in w["rows"]]
        print(f"\n{w['workload']}: `1+1` ms (kernel CPU ms) at " + ", ".join(map(str, points))
              + (", typical cell ms" if w["torch"] else "") + ", RSS MB; loads " + ", ".join(r["load"] for r in w["rows"]))
        print("| kernel | " + " | ".join(map(str, points)) + " | last / first | typical | RSS | workload s |")
        print("|---" * (len(points) + 5) + "|")
        for label in labels:
            at = [r["kernels"][label] for r in w["rows"]]
            trips = " | ".join(f"{a['one_plus_one_ms']:.1f} ({a['one_plus_one_cpu_ms']:.0f})" for a in at)
            ratio = at[-1]["one_plus_one_ms"] / at[0]["one_plus_one_ms"]
            typical = " / ".join(f"{a['typical_ms']:.1f}" for a in at) if w["torch"] else "-"
            rss = " / ".join(str(a["rss_mb"]) for a in at)
            print(f"| {label} | {trips} | {ratio:.2f}x | {typical} | {rss} | {at[-1]['workload_s']} |")
        if "idle" in w:
            idle = w["idle"]
            print("idle RSS MB at " + ", ".join(f"{s['s']} s" for s in idle["samples"][::4]) + ":")
            for label in labels:
                print(f"  {label}: " + " / ".join(str(s["rss_mb"][label]) for s in idle["samples"][::4])
                      + f" (last {idle['samples'][-1]['rss_mb'][label]}); then 1+1 {idle['first_one_plus_one_after_ms'][label]} ms")


if __name__ == "__main__":
    main()
