#!/usr/bin/python3
"""Drives the installed kernel through Debian's jupyter_client on recorded servers: for each, a kernel whose PATH starts
with a stand-in nvidia-smi printing that server's recorded output, running the GPU magics; prints as JSON each cell's
reply status and the text, HTML and JSON of what it showed, for DevicesIT to check.
usage: devices_session.py KERNEL_NAME NAME=BIN_DIR=DEVICE=full|mem ..."""
import json, os, sys, time

import jupyter_client

TORCH = ("%maven org.bytedeco:pytorch:2.10.0-1.5.13:linux-x86_64\n"
         "import org.bytedeco.pytorch.*;\n"
         "import static org.bytedeco.pytorch.global.torch.*;\n"
         "var x = ones(1024, 1024); // 4 MiB of float32 on the host")


def shown(msg):
    c = msg["content"]
    data = c.get("data", {})
    return {"type": msg["msg_type"], "text": data.get("text/plain", c.get("text", "")), "html": data.get("text/html", ""),
            "json": data.get("application/json"), "evalue": c.get("evalue")}


def run(kc, code, timeout=300):
    msg_id = kc.execute(code)
    outputs = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        msg = kc.get_iopub_msg(timeout=deadline - time.time())
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        if msg["msg_type"] in ("stream", "display_data", "execute_result", "error"):
            outputs.append(shown(msg))
    reply = kc.get_shell_msg(timeout=60)
    return {"status": reply["content"]["status"], "outputs": outputs}


def cells(device, kind):
    mem = [("mem", "%gpumem"), ("json", "%gpumem --json"), ("device", "%gpumem --device " + device),
           ("bad_device", "%gpumem --device 9")]
    if kind == "mem":
        return mem
    return [("torch", TORCH)] + mem + [("vars", "%gpumem --vars"), ("watch_on", "%gpuwatch on --json"),
            ("watched", "var y = ones(256, 256);"), ("watch_off", "%gpuwatch off"), ("free", "%gpufree x"),
            ("gc", "%gpugc"), ("why", "%gpuwhy"), ("why_json", "%gpuwhy --json")]


name = sys.argv[1]
seen = {}
for spec in sys.argv[2:]:
    recording, bin_dir, device, kind = spec.split("=")
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"])
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name=name, startup_timeout=120, env=env)
    try:
        seen[recording] = {key: run(kc, code) for key, code in cells(device, kind)}
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
print(json.dumps(seen))
