#!/usr/bin/python3
"""Misbehaving cells and hostile messages against the installed kernel, each probe on a fresh kernel,
through Debian's jupyter_client and raw ZeroMQ (pyzmq). Prints what it saw as JSON, for HostileKernelIT.
A probe never waits without a limit: a kernel that stops answering shows as a missing reply.

usage: hostile_session.py KERNEL_NAME WORK_DIR [PROBE ...]"""
import json, os, sys, threading, time

from probelib import Kernel

name, work = sys.argv[1], sys.argv[2]
wanted = sys.argv[3:]


def probe_errors(k):
    """Item 1: an Error outside the cell's own code (while its value is shown, in a magic) leaves the kernel answering."""
    seen = {}
    k.run('var a = new java.util.ArrayList<Object>(); a.add(java.util.List.of(a));')
    seen["render_overflow"] = k.run("a")
    seen["render_overflow_then"] = k.answers()
    loop = os.path.join(work, "loop.jshell")
    with open(loop, "w") as f:
        f.write(f"%load {loop}\n")
    seen["recursive_load"] = k.run(f"%load {loop}")
    seen["recursive_load_then"] = k.answers()
    fake = os.path.join(work, "text.jar")
    with open(fake, "w") as f:
        f.write("not a jar\n")
    seen["fake_jar"] = k.run(f"%jars {fake}")
    seen["after_fake_jar"] = k.run("3 + 4")
    seen["after_fake_jar_then"] = k.run("5 + 6")
    return seen


def probe_garbled(k):
    """Item 3: short or garbled multipart messages do not swallow the next real request."""
    sock = k.raw()
    shapes = [[b"garbage"], [b"<IDS|MSG>"], [b"<IDS|MSG>", b"sig", b"{}"], [b"a", b"b", b"c", b"d", b"e", b"f"],
              k.signed("execute_request", header={"msg_type": "execute_request"}, content_bytes=b"{not json")]
    seen = []
    for frames in shapes:
        sock.send_multipart(frames)
        seen.append(k.answers(timeout=10))
    return {"answered_after_each": seen}


def probe_replay(k):
    """Item 5: a signed message sent twice runs once."""
    k.run("int replayed = 0;")
    sock = k.raw()
    frames = k.signed("execute_request", {"code": "replayed++;", "silent": False, "store_history": True,
                                          "user_expressions": {}, "allow_stdin": False})
    sock.send_multipart(frames)
    first = k.reply_on(sock)
    sock.send_multipart(frames)
    second = k.reply_on(sock, timeout=3)
    counted = k.run("replayed")
    return {"first_reply": first is not None and first["content"]["status"], "second_reply": second is not None,
            "replayed": next((o["data"]["text/plain"] for o in counted["outputs"] if o["type"] == "execute_result"), None),
            "stderr": k.stderr_text()}


def probe_render_interrupt(k):
    """Item 4: showing a value whose toString() never returns is stopped by interrupt, and the kernel goes on."""
    result = {}
    worker = threading.Thread(target=lambda: result.update(
        k.run("new Object() { public String toString() { while (true) {} } }", timeout=60)))
    worker.start()
    time.sleep(2)
    k.km.interrupt_kernel()
    worker.join(30)
    return {"looping_tostring": result or {"status": "no reply"}, "then": k.answers()}


def probe_render_limits(k):
    """Item 4: a toString() that runs past the time limit is stopped and says so; a huge one is cut and says so."""
    slow = k.run("new Object() { public String toString() { long end = System.nanoTime() + 13_000_000_000L;"
                 " while (System.nanoTime() < end) {} return \"late\"; } }", timeout=60)
    huge = k.run('"x".repeat(3_000_000)', timeout=60)
    text = next((o["data"]["text/plain"] for o in huge["outputs"] if o["type"] == "execute_result"), "")
    return {"slow": slow, "huge_length": len(text), "huge_tail": text[-120:], "then": k.answers()}


def count_stream(outputs):
    return sum(len(o["text"]) for o in outputs if o["type"] == "stream" and o["name"] == "stdout")


def probe_output(k):
    """Item 2: every byte of 50,000 and 500,000 printed lines arrives, and so does idle."""
    seen = {}
    for lines in (50_000, 500_000):
        t0 = time.perf_counter()
        result = k.run(f'for (int i = 0; i < {lines}; i++) System.out.println("z".repeat(99));', timeout=300)
        seen[str(lines)] = {"status": result["status"], "bytes": count_stream(result["outputs"]),
                            "messages": sum(1 for o in result["outputs"] if o["type"] == "stream"),
                            "seconds": time.perf_counter() - t0}
    return seen


def probe_cap(k):
    """Beyond the per-cell cap, one note says how much was left out."""
    result = k.run('for (int i = 0; i < 30_000; i++) System.out.println("y".repeat(99));', timeout=120)
    notes = [o["text"] for o in result["outputs"] if o["type"] == "stream" and "output cut" in o["text"]]
    return {"status": result["status"], "bytes": count_stream(result["outputs"]), "notes": notes, "then": k.answers()}


def probe_shutdown_busy(k):
    """Item 7: shutdown_request while a cell loops: the reply comes, the cell stops and the process ends."""
    k.kc.execute("long n = 0; while (true) { n++; }")
    time.sleep(1.5)
    sock = k.raw("control")
    sock.send_multipart(k.signed("shutdown_request", {"restart": False}))
    reply = k.reply_on(sock, timeout=10)
    t0 = time.time()
    process = k.km.provisioner.process
    while process.poll() is None and time.time() - t0 < 15:
        time.sleep(0.1)
    return {"reply": reply is not None and reply["content"], "exited": process.poll() is not None,
            "exit_seconds": time.time() - t0}


def probe_reconnect(k):
    """Item 7: a client that reconnects with the same ZeroMQ identity is answered, even while its
    old connection is not yet known to be gone (a restarted frontend, a dropped network)."""
    seen = []
    stale = k.raw(identity=b"same-identity")
    stale.send_multipart(k.signed("kernel_info_request", {}))
    seen.append(k.reply_on(stale, timeout=5) is not None)
    fresh = k.raw(identity=b"same-identity")
    time.sleep(0.5)
    fresh.send_multipart(k.signed("kernel_info_request", {}))
    seen.append(k.reply_on(fresh, timeout=5) is not None)
    return {"answered": seen}


def probe_bad_content(k):
    """Item 7: requests without their fields, or with null content, get an error reply, and no stack trace in the log."""
    sock = k.raw()
    seen = {}
    for key, msg_type, content in [("execute_no_code", "execute_request", b"{}"),
                                   ("execute_null", "execute_request", b"null"),
                                   ("is_complete_no_code", "is_complete_request", b"{}"),
                                   ("complete_null", "complete_request", b"null")]:
        sock.send_multipart(k.signed(msg_type, content_bytes=content))
        reply = k.reply_on(sock)
        seen[key] = reply and {"type": reply["msg_type"], **{f: reply["content"].get(f) for f in ("status", "ename", "evalue")}}
    seen["then"] = k.answers()
    seen["stderr"] = k.stderr_text()
    return seen


def probe_cursor(k):
    """Item 7: completion past the end and inspection at a negative cursor are clamped; cursors count code points."""
    seen = {}
    k.kc.complete("Math.ma", 1000)
    seen["complete_past_end"] = k.kc.get_shell_msg(timeout=10)["content"]
    k.kc.inspect("Math.max(1, 2)", -5)
    seen["inspect_negative"] = k.kc.get_shell_msg(timeout=10)["content"]
    code = 'String s = "\U0001F600"; Math.ma'
    k.kc.complete(code, len(code))
    seen["complete_after_emoji"] = k.kc.get_shell_msg(timeout=10)["content"]
    seen["emoji_code_points"] = len(code)
    return seen


def probe_stdin(k):
    """Item 7: System.in in a frontend that takes no input says so; one that does answers it."""
    refused = k.run("new java.util.Scanner(System.in).nextLine()", allow_stdin=False)
    asked = []

    def answer(msg):
        asked.append(msg["content"])
        k.kc.input("forty-two")

    answered = k.run('System.out.print("name? "); new java.util.Scanner(System.in).nextLine().length()',
                     allow_stdin=True, stdin_hook=answer)
    return {"refused": refused, "answered": answered, "asked": asked, "then": k.answers()}


probes = {"errors": probe_errors, "garbled": probe_garbled, "replay": probe_replay,
          "render_interrupt": probe_render_interrupt, "render_limits": probe_render_limits,
          "output": probe_output, "cap": probe_cap, "shutdown_busy": probe_shutdown_busy,
          "reconnect": probe_reconnect, "bad_content": probe_bad_content, "cursor": probe_cursor,
          "stdin": probe_stdin}
envs = {"cap": {"GPUMAGICS_CELL_OUTPUT_MB": "1"}}

seen = {}
for key in wanted or probes:
    kernel = Kernel(name, work, key, envs.get(key))
    try:
        seen[key] = probes[key](kernel)
    except Exception as e:  # a probe that breaks is a finding, not the end of the run
        seen[key] = {"probe_failed": f"{type(e).__name__}: {e}"}
    finally:
        kernel.close()
print(json.dumps(seen, default=str))
