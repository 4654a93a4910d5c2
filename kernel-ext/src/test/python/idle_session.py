#!/usr/bin/python3
"""The idle courtesy through Debian's jupyter_client, on the kernel installed with GPUMAGICS_IDLE_RELEASE=2s in its
kernelspec and libtorch's CPU build: a tensor dropped but not yet collected is released while the kernel is idle and
the next cell says so first; a background thread that keeps computing holds the release back until it stops; a
suspend step with no driver says why it parked nothing; off, nothing is said. Prints, per cell, the text of every
output in order (and its error, if any) as JSON, for IdleIT. usage: idle_session.py KERNEL_NAME"""
import json, sys, time

import jupyter_client

name = sys.argv[1]
km, kc = jupyter_client.manager.start_new_kernel(kernel_name=name, startup_timeout=120)


def run(code):
    outputs = []

    def hook(msg):
        t, c = msg["msg_type"], msg["content"]
        if t == "stream":
            outputs.append({"type": t, "text": c["text"]})
        elif t in ("execute_result", "display_data"):
            outputs.append({"type": t, "text": c["data"].get("text/plain", "")})
        elif t == "error":
            outputs.append({"type": t, "text": c["ename"] + ": " + c["evalue"]})

    reply = kc.execute_interactive(code, output_hook=hook, timeout=300)
    return {"status": reply["content"]["status"], "outputs": outputs}


cells = [
    ("torch", "%maven org.bytedeco:pytorch:2.10.0-1.5.13:linux-x86_64\n"
              "import org.bytedeco.pytorch.*;\n"
              "import static org.bytedeco.pytorch.global.torch.*;\n"
              "ones(1).close();", 0),
    ("status", "%gpuidle", 0),
    # 128 MiB no variable reaches any more, but nothing has collected it yet: its handle was moved to the old generation
    # first (System.gc while still held), so that only a full collection, the release's, frees it
    ("drop", "Tensor big = ones(8192, 4096);\nSystem.gc();\nbig = null;", 4),
    ("after_drop", "1 + 1", 0),
    ("spin", "var spinning = new java.util.concurrent.atomic.AtomicBoolean(true);\n"
             "new Thread(() -> { long x = 0; while (spinning.get()) { x++; } }, \"trainer\").start();", 4),
    # the thread stops; another 128 MiB is dropped, for the release that now comes
    ("stop_spin", "spinning.set(false);\nTensor more = ones(8192, 4096);\nSystem.gc();\nmore = null;", 4),
    ("after_spin", "2 + 2", 0),
    ("bad", "%gpuidle release 10x", 0),
    ("with_suspend", "%gpuidle release 1s suspend 2s", 4),
    ("after_suspend", "3 + 3", 0),
    ("off", "%gpuidle off", 3),
    ("after_off", "4 + 4", 0),
]
seen = {}
for key, code, idle in cells:
    seen[key] = run(code)
    time.sleep(idle)
kc.stop_channels()
km.shutdown_kernel(now=False)
print(json.dumps(seen))
