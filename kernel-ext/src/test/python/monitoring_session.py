#!/usr/bin/python3
"""One GpuMagics kernel for MonitoringIT, through Debian's jupyter_client: started with a notebook path in
JPY_SESSION_NAME, it loads libtorch's CPU build and holds a tensor; the stand-in nvidia-smi is told its pid (PIDS/kernel.csv)
with MIB MiB on the GPU; then usage_request is sent twice on the control channel (jupyter_client has no helper for it:
session.msg, control_channel.send and get_control_msg, the reply matched by its parent's id). Prints one JSON line (the kernel's pid, its id, both
replies) and keeps the kernel until the file STOP exists, then shuts it down.
usage: monitoring_session.py KERNEL_NAME PIDS GPU_UUID MIB STOP"""
import json, os, sys, time

import jupyter_client

name, pids, uuid, mib, stop = sys.argv[1:6]
km = jupyter_client.KernelManager(kernel_name=name)
km.start_kernel(env=dict(os.environ, JPY_SESSION_NAME="/home/someone/projects/monitored.ipynb"))
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=120)
kernel_id = os.path.basename(km.connection_file)[:-len(".json")]


def run(code):
    texts = []

    def hook(msg):
        if msg["msg_type"] == "stream":
            texts.append(msg["content"]["text"])
        elif msg["msg_type"] == "execute_result":
            texts.append(msg["content"]["data"].get("text/plain", ""))
        elif msg["msg_type"] == "error":
            texts.append(msg["content"]["ename"] + ": " + msg["content"]["evalue"])

    reply = kc.execute_interactive(code, output_hook=hook, timeout=300)
    if reply["content"]["status"] != "ok":
        raise SystemExit("the cell failed: " + "".join(texts))
    return "".join(texts)


def usage():
    request = kc.session.msg("usage_request", {})
    kc.control_channel.send(request)
    deadline = time.time() + 30
    while time.time() < deadline:
        reply = kc.get_control_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == request["header"]["msg_id"]:
            return {"msg_type": reply["msg_type"], "content": reply["content"]}
    raise SystemExit("no usage_reply in 30 s")


pid = int(run("ProcessHandle.current().pid()").strip())
with open(os.path.join(pids, ".kernel.partial"), "w") as f:
    f.write("%s, %d, %s\n" % (uuid, pid, mib))
os.rename(os.path.join(pids, ".kernel.partial"), os.path.join(pids, "kernel.csv"))
run("%maven org.bytedeco:pytorch:2.10.0-1.5.13:linux-x86_64\n"
    "import org.bytedeco.pytorch.*;\n"
    "import static org.bytedeco.pytorch.global.torch.*;\n"
    "Tensor held = ones(1024, 1024);")
first = usage()
time.sleep(0.5)
second = usage()
print(json.dumps({"pid": pid, "kernel_id": kernel_id, "first": first, "second": second}), flush=True)
deadline = time.time() + 600
while not os.path.exists(stop) and time.time() < deadline:
    time.sleep(0.2)
kc.stop_channels()
km.shutdown_kernel(now=False)
