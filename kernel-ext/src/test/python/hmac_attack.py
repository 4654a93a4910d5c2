#!/usr/bin/python3
"""A raw client that signs with the wrong key (and one that does not sign at all) sends execute_requests
that would create a file; then the real client asks whether the file exists. Prints JSON for KernelIT.
usage: hmac_attack.py KERNEL_NAME MARKER_FILE"""
import json, sys, time

import jupyter_client
from jupyter_client.session import Session

name, marker = sys.argv[1], sys.argv[2]
km, kc = jupyter_client.manager.start_new_kernel(kernel_name=name, startup_timeout=60)
code = f'java.nio.file.Files.writeString(java.nio.file.Path.of("{marker}"), "executed")'
socket = kc.shell_channel.socket

forged = Session(key=b"not-the-key", username="attacker")
forged.send(socket, forged.msg("execute_request", {"code": code, "silent": False, "store_history": True,
                                                   "user_expressions": {}, "allow_stdin": False}))
unsigned = Session(key=b"", username="attacker")
unsigned.send(socket, unsigned.msg("execute_request", {"code": code, "silent": False, "store_history": True,
                                                       "user_expressions": {}, "allow_stdin": False}))
time.sleep(2)
seen = {}
reply = kc.execute_interactive(f'java.nio.file.Files.exists(java.nio.file.Path.of("{marker}"))', timeout=60,
                               output_hook=lambda m: seen.setdefault("outputs", []).append(
                                   m["content"].get("data", {}).get("text/plain")) if m["msg_type"] == "execute_result" else None)
seen["status"] = reply["content"]["status"]
kc.stop_channels()
km.shutdown_kernel(now=False)
print(json.dumps(seen))
