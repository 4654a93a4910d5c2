#!/usr/bin/python3
"""Drives the installed kernel through Debian's jupyter_client with %gpuwatch on, and prints as JSON every IOPub
message each cell's request got, in order (type, display id, text, HTML, JSON), and what arrived for it after its idle,
for WatchIT to check. usage: watch_session.py KERNEL_NAME"""
import json, sys, time

import jupyter_client

name = sys.argv[1]
km, kc = jupyter_client.manager.start_new_kernel(kernel_name=name, startup_timeout=120)


def message(msg):
    t = msg["msg_type"]
    c = msg["content"]
    seen = {"type": t}
    if t == "stream":
        seen["text"] = c["text"]
    elif t in ("execute_result", "display_data", "update_display_data"):
        seen["display_id"] = c.get("transient", {}).get("display_id")
        seen["text"] = c["data"].get("text/plain", "")
        seen["html"] = c["data"].get("text/html", "")
        seen["json"] = c["data"].get("application/json")
    elif t == "error":
        seen["ename"], seen["evalue"], seen["traceback"] = c["ename"], c["evalue"], c["traceback"]
    elif t == "status":
        seen["state"] = c["execution_state"]
    return seen


def run(code, linger=0.0, timeout=180):
    """The request's IOPub messages up to its idle, then whatever comes for it in the next `linger` seconds."""
    msg_id = kc.execute(code)
    published, after = [], []
    deadline = time.time() + timeout
    while time.time() < deadline:
        msg = kc.get_iopub_msg(timeout=deadline - time.time())
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        published.append(message(msg))
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    reply = kc.get_shell_msg(timeout=60)
    end = time.time() + linger
    while time.time() < end:
        try:
            msg = kc.get_iopub_msg(timeout=max(0.05, end - time.time()))
        except Exception:
            continue
        after.append(dict(message(msg), parent=msg["parent_header"].get("msg_id"), mine=msg["parent_header"].get("msg_id") == msg_id))
    return {"status": reply["content"]["status"], "published": published, "after": after}


cells = [
    ("torch", "%maven org.bytedeco:pytorch:2.10.0-1.5.13:linux-x86_64\n"
              "import org.bytedeco.pytorch.*;\n"
              "import static org.bytedeco.pytorch.global.torch.*;\n"
              "ones(1).close();", 0),
    ("watch_on", "%gpuwatch on --json", 0),
    ("allocate", "var activations = ones(4096, 4096); // 64 MiB of float32", 0),
    ("free", "activations.close();\nactivations = null;", 0),
    ("peak", "var brief = ones(4096, 4096);\nbrief.close();", 0),
    ("long", "var during = ones(1024, 1024);\nfor (int i = 0; i < 5; i++) { Thread.sleep(1000); System.out.println(\"step \" + i); }", 2.0),
    ("after_long", "1 + 1", 0),
    ("model", "var model = new LinearImpl(8, 1);\nvar x = randn(16, 8);\nvar loss = model.forward(x).sum();\n"
              "loss.grad_fn() != null", 0),
    ("nograd", "%%nograd\nvar prediction = model.forward(x);\nprediction.grad_fn() == null", 0),
    ("nograd_throws", "%%nograd\nvar half = model.forward(x);\nthrow new IllegalStateException(\"inside the magic\");", 0),
    ("nograd_bad_magic", "%%nograd\n%nosuchmagic", 0),
    ("grad_again", "GradMode.is_enabled() + \" \" + (model.forward(x).sum().grad_fn() != null)", 0),
    ("vars", "%gpumem --vars --no-procs", 0),
    ("watch_off", "%gpuwatch off", 0),
    ("unwatched", "var unseen = ones(1024, 1024);", 0),
]
seen = {key: run(code, linger) for key, code, linger in cells}
kc.stop_channels()
km.shutdown_kernel(now=False)
print(json.dumps(seen))
