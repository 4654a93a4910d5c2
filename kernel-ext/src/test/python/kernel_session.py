#!/usr/bin/python3
"""Drives the installed kernel through Debian's jupyter_client and prints what it saw, as JSON, for
KernelIT to check. usage: kernel_session.py KERNEL_NAME"""
import json, os, re, sys, threading, time

import jupyter_client

name = sys.argv[1]
seen = {}

def listening_on(port):
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            next(f)
            if any(l.split()[3] == "0A" and int(l.split()[1].split(":")[1], 16) == port for l in f):
                return True
    return False


km = jupyter_client.KernelManager(kernel_name=name)
km.start_kernel()
# PUB/SUB drops what is published before the subscription lands: connect once the kernel listens,
# and give the subscription a moment, so that what the kernel says first can be seen at all
deadline = time.time() + 60
while not listening_on(km.iopub_port) and time.time() < deadline:
    time.sleep(0.05)
kc = km.client()
kc.start_channels()
time.sleep(0.5)
statuses = []
kc.kernel_info()
kc.get_shell_msg(timeout=60)  # not wait_for_ready(): it throws away the IOPub messages seen meanwhile
while True:
    try:
        msg = kc.get_iopub_msg(timeout=1)
    except Exception:
        break
    if msg["msg_type"] == "status":
        statuses.append(msg["content"]["execution_state"])
seen["statuses_at_start"] = statuses
seen["connection_ip"] = km.ip
seen["ports"] = [km.shell_port, km.iopub_port, km.stdin_port, km.control_port, km.hb_port]
seen["pid"] = km.provisioner.process.pid


def run(code, timeout=120):
    outputs, dates = [], []

    def hook(msg):
        dates.append(msg["header"]["date"].isoformat())
        t = msg["msg_type"]
        c = msg["content"]
        if t == "stream":
            outputs.append({"type": t, "text": c["text"]})
        elif t in ("execute_result", "display_data"):
            outputs.append({"type": t, "text": c["data"].get("text/plain", "")})
        elif t == "error":
            outputs.append({"type": t, "ename": c["ename"], "evalue": c["evalue"], "traceback": c["traceback"]})

    reply = kc.execute_interactive(code, timeout=timeout, output_hook=hook)
    dates.append(reply["header"]["date"].isoformat())
    return {"status": reply["content"]["status"], "outputs": outputs, "dates": dates}


cells = {
    "one_plus_one": "1+1",
    "print": 'System.out.println("hello from java")',
    "throws": 'void fail() { throw new IllegalStateException("boom"); }\nfail();',
    "after_throw": "40 + 2",
    "usage_error": "%gpumem --no-such-option",
    "unknown_magic": "%nosuchmagic",
    "gpumem": "%gpumem",
    "torch": "%maven org.bytedeco:pytorch:2.10.0-1.5.13:linux-x86_64\n"
             "var t = org.bytedeco.pytorch.global.torch.ones(2, 3);\n"
             "t.getClass().getClassLoader().getName() + \" \" + t.numel() + \" \" "
             "+ dev.gpumagics.internal.torch.TorchBridge.libtorchLoaded() + \" \" "
             "+ dev.gpumagics.internal.torch.TorchBridge.in(t.getClass().getClassLoader()).isPresent()",
    "torch_native_error": "org.bytedeco.pytorch.global.torch.ones(2, 3).matmul(org.bytedeco.pytorch.global.torch.ones(4, 5))",
    "after_native_error": "t.numel() * 2",
    "classpath": "%classpath",
}
for key, code in cells.items():
    seen[key] = run(code)

# interrupt a cell that never ends
result = {}
worker = threading.Thread(target=lambda: result.update(run("long n = 0; while (true) { n++; }", timeout=60)))
worker.start()
time.sleep(2)
km.interrupt_kernel()
worker.join(30)
seen["interrupted"] = result
seen["after_interrupt"] = run('"still here"')

kc.complete("Math.ma", 7)
seen["complete"] = kc.get_shell_msg(timeout=10)["content"]
kc.inspect("Math.max(1, 2)", 6)
seen["inspect"] = kc.get_shell_msg(timeout=10)["content"]
kc.is_complete("for (int i = 0; i < 3; i++) {")
seen["is_complete_open"] = kc.get_shell_msg(timeout=10)["content"]
kc.is_complete("1 + 1")
seen["is_complete_done"] = kc.get_shell_msg(timeout=10)["content"]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024


def listening(ports):
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            next(f)
            for line in f:
                parts = line.split()
                address, port = parts[1].split(":")
                if parts[3] == "0A" and int(port, 16) in ports:
                    found.append({"table": table, "address": address, "port": int(port, 16)})
    return found


seen["listening"] = listening(seen["ports"])

def cpu_s(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


rss = {}
# what a cell costs the kernel early and late in those cells: its CPU per cell, and the round trip's median
windows = {101: "101-200", 901: "901-1000"}
cost, trips, started = {}, [], None
for i in range(1, 1001):
    if i in windows:
        started, trips = (i, cpu_s(seen["pid"])), []
    t0 = time.perf_counter()
    reply = kc.execute(f"{i} + 1", reply=True, timeout=60)
    trips.append((time.perf_counter() - t0) * 1000)
    if reply["content"]["status"] != "ok":
        seen["memory_cell_failed"] = reply["content"]
        break
    if started and i == started[0] + 99:
        cost[windows[started[0]]] = {"cpu_ms_per_cell": (cpu_s(seen["pid"]) - started[1]) * 1000 / 100,
                                     "median_round_trip_ms": sorted(trips)[50]}
    if i in (200, 600, 1000):
        rss[str(i)] = rss_mb(seen["pid"])
seen["rss_mb"] = rss
seen["cell_cost"] = cost


def one_plus_one(n=40):
    """`1+1` n times: the kernel's CPU per trip over the n (a clock tick is 10 ms) and the round trip's median."""
    cpu0, trips = cpu_s(seen["pid"]), []
    for _ in range(n):
        t0 = time.perf_counter()
        kc.execute("1+1", reply=True, timeout=60)
        trips.append((time.perf_counter() - t0) * 1000)
    return {"cpu_ms_per_trip": (cpu_s(seen["pid"]) - cpu0) * 1000 / n, "median_round_trip_ms": sorted(trips)[n // 2]}


# `1+1` against the number of declared variables, each declared by a cell of its own: JShell compiles every later
# snippet with an import of each live declaration, and the JVM's options decide how much that costs
declared = {}
for k in range(1, 1001):
    reply = kc.execute(f"int held{k} = {k};", reply=True, timeout=60)
    if reply["content"]["status"] != "ok":
        seen["declaration_failed"] = reply["content"]
        break
    if k in (20, 1000):
        declared[str(k)] = one_plus_one()
seen["one_plus_one_with_declared"] = declared

kc.stop_channels()
km.shutdown_kernel(now=False)
print(json.dumps(seen, default=str))
