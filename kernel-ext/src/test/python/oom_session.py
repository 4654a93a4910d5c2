#!/usr/bin/python3
"""Drives the installed kernel through Debian's jupyter_client through allocation failures and prints, as JSON,
every message each cell published on IOPub in order (type, and per display its MIME types and text), for
OutOfMemoryIT to check. usage: oom_session.py KERNEL_NAME"""
import json, sys

import jupyter_client

name = sys.argv[1]
km, kc = jupyter_client.manager.start_new_kernel(kernel_name=name, startup_timeout=120)


def run(code, timeout=180):
    published = []

    def hook(msg):
        t = msg["msg_type"]
        c = msg["content"]
        if t == "stream":
            published.append({"type": t, "text": c["text"]})
        elif t in ("execute_result", "display_data"):
            published.append({"type": t, "mime": sorted(c["data"].keys()), "text": c["data"].get("text/plain", ""),
                              "html": c["data"].get("text/html", ""), "json": c["data"].get("application/json")})
        elif t == "error":
            published.append({"type": t, "ename": c["ename"], "evalue": c["evalue"]})

    reply = kc.execute_interactive(code, timeout=timeout, output_hook=hook)
    return {"status": reply["content"]["status"], "published": published}


cells = {
    "env": 'System.getenv("PYTORCH_CUDA_ALLOC_CONF")',
    "torch": "%maven org.bytedeco:pytorch:2.10.0-1.5.13:linux-x86_64\n"
             "import org.bytedeco.pytorch.*;\n"
             "import static org.bytedeco.pytorch.global.torch.*;\n"
             "Tensor kept = ones(1024, 1024);",
    "why_before": "%gpuwhy",
    "plain_error": 'throw new IllegalStateException("not a memory problem")',
    "wrapped": "try { empty(1L << 43); } catch (RuntimeException e) { throw new IllegalStateException(\"the step failed\", e); }",
    "why_json": "%gpuwhy --json",
    "after": "kept.numel()",
}
seen = {key: run(code) for key, code in cells.items()}
kc.stop_channels()
km.shutdown_kernel(now=False)
print(json.dumps(seen))
