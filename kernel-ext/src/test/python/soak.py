#!/usr/bin/python3
"""Soak: N hostile cells and N malformed or replayed messages, interleaved with real requests, on one
kernel, with an IOPub subscriber that never reads attached throughout and SIGINT now and then. Every real
request must get its reply and its idle status; at the end the kernel must answer
1+1, and a replayed request must have run once. Prints a JSON summary for HostileKernelIT.

usage: soak.py KERNEL_NAME WORK_DIR [N]"""
import json, os, signal, sys, time, uuid

import jupyter_client
import zmq

name, work = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 1000

HOSTILE = [
    'throw new StackOverflowError();',
    'throw new InternalError("hostile");',
    'new Object() { public String toString() { return toString(); } }',
    'int broken = "text";',
    '%nosuchmagic',
    '%gpufree no_such_variable',
    'Object o = null; o.hashCode();',
    'System.out.print("\\u0000\\uFFFF\\uD800 odd characters\\n");',
    'for (int i = 0; i < 2000; i++) System.out.println(i);',
    '"x".repeat(1_500_000)',
    '%%gpumem\n1',
    'throw new ThreadDeath();',
    'Thread.currentThread().interrupt();',
    'System.err.println("to stderr"); System.out.println("to stdout");',
    '%load /nonexistent/file.jshell',
    'new java.util.Scanner(System.in).nextLine()',
    'java.util.List.of(1, 2, 3',
    'throw new OutOfMemoryError("hostile");',
    'new Object() { public String toString() { throw new LinkageError("in toString"); } }',
    'String tooLong = "' + "q" * 70_000 + '";',
    '"' + "r" * 40_000 + '" + "' + "s" * 40_000 + '"',
    'new Object() { public String toString() { return null; } }',
    'System.out.write(new byte[] {(byte) 0xE2, (byte) 0x82}); System.out.flush(); Thread.sleep(60); System.out.write(0xAC);',
    '%gpususpend',
    '%gpureset',
    '%%nograd\n%nosuchmagic',
    'Math.max?',
    '%clear_output --now',
]

km = jupyter_client.KernelManager(kernel_name=name)
stderr_path = os.path.join(work, "soak.stderr")
stderr = open(stderr_path, "w")
km.start_kernel(stderr=stderr)
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=120)
session = km.session
ctx = zmq.Context()


def raw(port):
    sock = ctx.socket(zmq.DEALER)
    sock.linger = 0
    sock.connect(f"tcp://127.0.0.1:{port}")
    return sock


shell_raw, control_raw, stdin_raw = raw(km.shell_port), raw(km.control_port), raw(km.stdin_port)

# a subscriber that never reads, with a one-message queue, for the whole run: nobody else may wait for it
stuck = ctx.socket(zmq.SUB)
stuck.setsockopt(zmq.RCVHWM, 1)
stuck.setsockopt(zmq.SUBSCRIBE, b"")
stuck.connect(f"tcp://127.0.0.1:{km.iopub_port}")
pid = km.provisioner.process.pid


def signed(msg_type, content=None, content_bytes=None, header=None):
    msg = session.msg(msg_type, content if content is not None else {})
    # jupyter_client numbers msg_ids per Session copy: the client's own would collide with these
    msg["header"]["msg_id"] = uuid.uuid4().hex
    h = json.dumps(header if header is not None else msg["header"], default=str).encode()
    parts = [h, b"{}", b"{}", content_bytes if content_bytes is not None else json.dumps(msg["content"]).encode()]
    return [b"<IDS|MSG>", session.sign(parts)] + parts


def drain(sock):
    while sock.poll(0):
        sock.recv_multipart()


def run(code, timeout=120):
    """A cell through the real client: None if its reply or idle did not come."""
    try:
        reply = kc.execute_interactive(code, timeout=timeout, allow_stdin=False, output_hook=lambda m: None)
        return reply["content"]
    except TimeoutError:
        return None


replayable = signed("execute_request", {"code": "soakReplays++;", "silent": False, "store_history": True,
                                        "user_expressions": {}, "allow_stdin": False})
kernel_info_copy = signed("kernel_info_request", {})
MALFORMED = [
    lambda: [b"garbage"],
    lambda: [],
    lambda: [b"<IDS|MSG>"],
    lambda: [b"<IDS|MSG>", b"sig", b"{}"],
    lambda: [b"a", b"b", b"c", b"d", b"e", b"f", b"g"],
    lambda: [b"<IDS|MSG>", b"0" * 64, b'{"msg_type": "execute_request"}', b"{}", b"{}", b'{"code": "1"}'],
    lambda: signed("execute_request", header={"msg_type": "execute_request"}, content_bytes=b"{not json"),
    lambda: signed("execute_request", content_bytes=b"null"),
    lambda: signed("execute_request", content_bytes=b"{}"),
    lambda: signed("is_complete_request", content_bytes=b"{}"),
    lambda: signed("complete_request", {"code": "Math.ma", "cursor_pos": 10 ** 9}),
    lambda: signed("inspect_request", {"code": "Math.max(1, 2)", "cursor_pos": -5}),
    lambda: replayable,
    lambda: kernel_info_copy,
    lambda: signed("execute_request", content_bytes=b"[" * 50_000),
    lambda: signed("no_such_request", {}),
    lambda: signed("history_request", {"hist_access_type": "tail", "n": -3}),
    lambda: signed("history_request", {"hist_access_type": "search", "pattern": "[*(", "n": "many"}),
    lambda: signed("history_request", {"hist_access_type": "range", "session": -1, "start": 10 ** 12}),
    lambda: signed("execute_request", {"code": "1", "user_expressions": {"number": 5, "declares": "int uq = 1;", "nested": {"a": 1}}}),
    lambda: signed("input_reply", {"value": "nobody asked"}),
]

assert run("int soakReplays = 0;")["status"] == "ok"
shell_raw.send_multipart(replayable)  # the one time it may run
# its reply first: waiting behind a failing cell, it would be aborted (stop_on_error), as ipykernel aborts it
assert shell_raw.poll(30_000), "no reply to the replayable request"
shell_raw.recv_multipart()

real = {"sent": 0, "answered": 0, "wrong": []}
hostile = {"sent": 0, "answered": 0, "silent": []}
t0 = time.time()
for i in range(n):
    frames = MALFORMED[i % len(MALFORMED)]()
    target = control_raw if i % 7 == 3 else stdin_raw if i % 11 == 5 else shell_raw
    if i % 50 == 25:
        os.kill(pid, signal.SIGINT)  # while idle: interrupts nothing, ends nothing
    if frames:
        target.send_multipart(frames)
    else:
        target.send(b"")  # a message of one empty frame

    code = HOSTILE[i % len(HOSTILE)]
    hostile["sent"] += 1
    if run(code) is not None:
        hostile["answered"] += 1
    else:
        hostile["silent"].append(code)

    real["sent"] += 1
    kind = i % 4
    try:
        if kind == 0:
            reply = run(f"{i} * 2")
            ok = reply is not None and reply["status"] == "ok"
        elif kind == 1:
            msg_id = kc.kernel_info()
            ok = kc.get_shell_msg(timeout=60)["parent_header"]["msg_id"] == msg_id
        elif kind == 2:
            msg_id = kc.is_complete("for (int k = 0; k < 3; k++) {")
            reply = kc.get_shell_msg(timeout=60)
            ok = reply["parent_header"]["msg_id"] == msg_id and reply["content"]["status"] == "incomplete"
        else:
            msg_id = kc.complete("Math.ma", 7)
            reply = kc.get_shell_msg(timeout=60)
            ok = reply["parent_header"]["msg_id"] == msg_id and "max(" in reply["content"]["matches"]
    except Exception as e:
        ok = False
    if ok:
        real["answered"] += 1
    else:
        real["wrong"].append(i)
    drain(shell_raw)
    drain(control_raw)
    drain(stdin_raw)

outputs = []
reply = kc.execute_interactive("soakReplays", timeout=60, output_hook=lambda m: outputs.append(m))
replay_value = next((m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"), None)
one_plus_one = []
kc.execute_interactive("1+1", timeout=60, output_hook=lambda m: one_plus_one.append(m))
stderr.flush()
with open(stderr_path) as f:
    log = f.read()
kc.stop_channels()
km.shutdown_kernel(now=True)
print(json.dumps({"seconds": time.time() - t0, "n": n, "real": real, "hostile": hostile,
                  "replayed_ran": replay_value,
                  "one_plus_one": next((m["content"]["data"]["text/plain"] for m in one_plus_one if m["msg_type"] == "execute_result"), None),
                  "log_lines": len(log.splitlines()), "log_head": log[:2000]}))
