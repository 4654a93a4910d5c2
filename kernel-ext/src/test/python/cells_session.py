#!/usr/bin/python3
"""Runs cells in the installed kernel through Debian's jupyter_client and prints, as JSON, each cell's reply status
and its outputs in order (type; text/plain, or an error's ename, evalue and traceback).
usage: cells_session.py KERNEL_NAME CELLS_JSON, where CELLS_JSON is an object of name: code, run in its order."""
import json, sys

import jupyter_client

name, cells = sys.argv[1], json.loads(sys.argv[2])
km, kc = jupyter_client.manager.start_new_kernel(kernel_name=name, startup_timeout=120)


def run(code, timeout=180):
    outputs = []

    def hook(msg):
        t, c = msg["msg_type"], msg["content"]
        if t == "stream":
            outputs.append({"type": t, "text": c["text"]})
        elif t in ("execute_result", "display_data"):
            outputs.append({"type": t, "text": c["data"].get("text/plain", "")})
        elif t == "error":
            outputs.append({"type": t, "ename": c["ename"], "evalue": c["evalue"], "traceback": c["traceback"]})

    reply = kc.execute_interactive(code, timeout=timeout, output_hook=hook)
    return {"status": reply["content"]["status"], "outputs": outputs}


try:
    seen = {key: run(code) for key, code in cells.items()}
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=False)
print(json.dumps(seen))
