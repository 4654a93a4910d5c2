#!/usr/bin/python3
"""What a notebook must be able to trust the kernel with, each probe on a fresh kernel, through Debian's
jupyter_client, nbclient and raw pyzmq: a stuck IOPub subscriber, Run All past a failing cell, signals, JShell's
refusals, stdin routing, odd values, split characters, user_expressions, refusing magics, interrupts of huge output,
text after idle, history. Prints what it saw as JSON, for KernelTrustIT.

usage: trust_probes.py KERNEL_NAME WORK_DIR [PROBE ...]"""
import json, os, signal, sys, threading, time

import nbformat
import zmq
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from probelib import Kernel

name, work = sys.argv[1], sys.argv[2]
wanted = sys.argv[3:]


def stdout_bytes(outputs):
    return sum(len(o["text"]) for o in outputs if o["type"] == "stream" and o.get("name") == "stdout")


def result_text(seen):
    return next((o["data"]["text/plain"] for o in seen["outputs"] if o["type"] == "execute_result"), None)


def stuck_subscriber(k, lines, receive_hwm):
    """An IOPub SUB that subscribes to everything and never reads (any local process can: it needs no key)."""
    sub = k.zmq.socket(zmq.SUB)
    sub.linger = 0
    if receive_hwm:
        sub.setsockopt(zmq.RCVHWM, receive_hwm)
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    sub.connect(f"tcp://127.0.0.1:{k.km.iopub_port}")
    time.sleep(0.5)
    k.answers()  # its subscription has reached the kernel
    t0 = time.perf_counter()
    big = k.run(f'for (int i = 0; i < {lines}; i++) System.out.println("z".repeat(99));', timeout=180)
    seconds = time.perf_counter() - t0
    later = [k.run(f'System.out.println("later {i}")') for i in range(3)]
    return {"status": big["status"], "bytes": stdout_bytes(big["outputs"]), "seconds": seconds,
            "idle": big["status"] != "no reply",
            "later": [[o.get("text") for o in cell["outputs"] if o["type"] == "stream"] for cell in later]}


def probe_stuck_hwm1(k):
    """A never-reading subscriber with a 1-message queue; the reader gets all 20 MB and idle, and the cells after."""
    return stuck_subscriber(k, 200_000, 1)


def probe_stuck_default(k):
    """The same with ZeroMQ's default 1,000-message queue, which takes 150 MB to fill."""
    return stuck_subscriber(k, 1_500_000, 0)


def queued(k, codes, stop_on_error):
    """Sends every cell at once, as Run All does; their replies' statuses, in order."""
    ids = [k.kc.execute(code, stop_on_error=stop_on_error) for code in codes]
    replies = {}
    deadline = time.time() + 60
    while len(replies) < len(ids) and time.time() < deadline:
        reply = k.kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
        replies[reply["parent_header"].get("msg_id")] = reply["content"]["status"]
    return [replies.get(i, "no reply") for i in ids]


def probe_run_all(k):
    """Run All with a failing cell: queued cells after it are aborted (stop_on_error), or run when it is False."""
    k.run("int counter = 0;")
    stopped = queued(k, ['throw new RuntimeException("first");', "counter++;", "counter++;"], True)
    counter_after_stop = result_text(k.run("counter"))
    went_on = queued(k, ['throw new RuntimeException("first");', "counter++;", "counter++;"], False)
    return {"stopped": stopped, "counter_after_stop": counter_after_stop, "went_on": went_on,
            "counter_after_going_on": result_text(k.run("counter"))}


def probe_nbclient(k):
    """nbclient runs a notebook whose third cell fails: it stops there; and a value whose toString() is null validates."""
    marker = os.path.join(work, "fourth-cell-ran")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in [
        "int x = 1;", "x + 1", 'throw new IllegalStateException("third");',
        f'java.nio.file.Files.writeString(java.nio.file.Path.of("{marker}"), "ran")']]
    try:
        NotebookClient(nb, kernel_name=name, timeout=120).execute()
        raised = None
    except CellExecutionError as e:
        raised = type(e).__name__
    nulls = nbformat.v4.new_notebook()
    nulls.cells = [nbformat.v4.new_code_cell("new Object() { public String toString() { return null; } }"),
                   nbformat.v4.new_code_cell("1 + 1")]
    try:
        NotebookClient(nulls, kernel_name=name, timeout=120).execute()
        nbformat.validate(nulls)
        null_run = "ok"
    except Exception as e:
        null_run = f"{type(e).__name__}: {str(e)[:200]}"
    return {"raised": raised, "fourth_ran": os.path.exists(marker), "null_run": null_run,
            "null_outputs": [c.get("outputs") for c in nulls.cells]}


def probe_signals(k):
    """kill -INT interrupts the busy cell and leaves the kernel as it was; -TERM stops it, after its reply."""
    seen = {"declare": k.run("int kept = 7;")["status"]}
    threading.Timer(1.5, lambda: os.kill(k.pid(), signal.SIGINT)).start()
    seen["busy_int"] = k.run("long n = 0; while (true) { n++; }", timeout=30)
    seen["kept"] = result_text(k.run("kept"))
    os.kill(k.pid(), signal.SIGINT)
    time.sleep(0.5)
    seen["idle_int_then"] = result_text(k.run("kept + 1"))
    threading.Timer(1.5, lambda: os.kill(k.pid(), signal.SIGTERM)).start()
    seen["busy_term"] = k.run("while (true) { }", timeout=15)
    seen["term_exit"] = k.exit_code(10)
    other = Kernel(name, work, "signals-hup")
    try:
        other.answers()
        os.kill(other.pid(), signal.SIGHUP)
        seen["hup_exit"] = other.exit_code(10)
    finally:
        other.close()
    return seen


def probe_refusal(k):
    """What javac refuses at code generation is the cell's error, and JShell keeps compiling the cells after it."""
    literal = '"' + "a" * 70_000 + '"'
    return {"declared": k.run(f"String big2 = {literal};"), "expression": k.run(f"{literal}.length()"),
            "then": result_text(k.run("1 + 1")), "big2": k.run("big2"),
            "method": k.run("void huge() { int x = 0; " + "x += 12345678;" * 15_000 + " }")}


def probe_stdin(k):
    """A reply to an interrupted input answers nothing later; a reply naming another request, or from another
    client, is not taken; each input gets its own answer."""
    seen = {}
    k.kc.execute("new java.util.Scanner(System.in).nextLine()", allow_stdin=True)
    k.kc.get_stdin_msg(timeout=20)
    k.km.interrupt_kernel()
    seen["first"] = k.kc.get_shell_msg(timeout=30)["content"]["status"]
    k.kc.input("STALE")  # jupyter_client's input() sends no parent header
    time.sleep(0.3)
    answers = []
    for i in range(1, 4):
        got = k.run('new java.util.Scanner(System.in).nextLine()', allow_stdin=True,
                    stdin_hook=lambda m, i=i: k.kc.input(f"answer{i}"))
        answers.append(result_text(got))
    seen["answers"] = answers

    def hostile(m):
        stranger = k.raw("stdin", identity=b"someone-else")
        stranger.send_multipart(k.signed("input_reply", {"value": "from a stranger"}))
        wrong = k.session.msg("input_reply", {"value": "for another request"},
                              parent={**m["header"], "msg_id": "an-earlier-input-request"})
        k.kc.stdin_channel.send(wrong)
        time.sleep(0.3)
        k.kc.stdin_channel.send(k.session.msg("input_reply", {"value": "the right one"}, parent=m["header"]))

    seen["hostile"] = result_text(k.run('new java.util.Scanner(System.in).nextLine()', allow_stdin=True, stdin_hook=hostile))
    return seen


def probe_values(k):
    """A toString() returning null, a throwing toString()'s traceback, a character written in two parts."""
    split = k.run("System.out.write(new byte[] {(byte) 0xF0, (byte) 0x9F}); System.out.flush(); Thread.sleep(200);"
                  " System.out.write(new byte[] {(byte) 0x98, (byte) 0x80}); System.out.flush();")
    return {"null": k.run("new Object() { public String toString() { return null; } }"),
            "throwing": k.run('new Object() { public String toString() { throw new IllegalStateException("bad"); } }'),
            "split": "".join(o["text"] for o in split["outputs"] if o["type"] == "stream")}


def probe_user_expressions(k):
    """user_expressions come back evaluated, each a MIME bundle or an error, and leave nothing defined."""
    k.run("int ue = 6;")
    msg_id = k.kc.execute("ue++;", user_expressions={"product": "ue * 7", "unknown": "nosuch", "declares": "int z = 1;"})
    reply = k.kc.get_shell_msg(timeout=30)
    failed_id = k.kc.execute('throw new RuntimeException("x");', user_expressions={"product": "ue * 7"})
    failed = k.kc.get_shell_msg(timeout=30)
    return {"parent_ok": reply["parent_header"]["msg_id"] == msg_id, "expressions": reply["content"].get("user_expressions"),
            "after_failure": failed["content"].get("user_expressions"), "failed_ok": failed["parent_header"]["msg_id"] == failed_id,
            "z": k.run("z")["status"]}


def probe_refusing_magics(k):
    """A magic that could not do what was asked fails its cell in one line (no GPU here)."""
    return {"suspend": k.run("%gpususpend"), "reset": k.run("%gpureset"), "then": k.answers()}


def probe_interrupt_output(k):
    """Interrupting a cell that prints without end: idle comes right after what was on its way, with one note."""
    seen = {}
    t0 = {}

    def interrupt():
        t0["at"] = time.perf_counter()
        k.km.interrupt_kernel()

    threading.Timer(1.5, interrupt).start()
    cell = k.run('while (true) System.out.println("w".repeat(99));', timeout=120)
    seen["seconds_to_reply"] = time.perf_counter() - t0.get("at", time.perf_counter())
    seen["status"] = cell["status"]
    seen["notes"] = [o["text"] for o in cell["outputs"] if o["type"] == "stream" and "output cut by the interrupt" in o["text"]]
    seen["then"] = k.answers()
    return seen


def probe_background_text(k):
    """A thread's text after its cell's idle: which parent each message has, and whether it came after idle."""
    msg_id = k.kc.execute('new Thread(() -> { for (int i = 0; i < 100; i++) { System.out.println("bg " + i);'
                          ' try { Thread.sleep(5); } catch (InterruptedException e) { } } }).start();')
    texts, after_idle, parents, idle = [], 0, set(), False
    deadline = time.time() + 5
    while time.time() < deadline:
        try:
            m = k.kc.get_iopub_msg(timeout=0.5)
        except Exception:
            if idle:
                break
            continue
        if m["msg_type"] == "status" and m["parent_header"].get("msg_id") == msg_id and m["content"]["execution_state"] == "idle":
            idle = True
        elif m["msg_type"] == "stream":
            texts.append(m["content"]["text"])
            parents.add(m["parent_header"].get("msg_id"))
            after_idle += 1 if idle else 0
    lines = "".join(texts).splitlines()
    return {"lines": len(lines), "in_order": lines == [f"bg {i}" for i in range(100)], "after_idle": after_idle,
            "parents_are_the_cell": parents == {msg_id}}


def probe_history(k):
    """history_request: the tail and a search of what this kernel ran."""
    for code in ["int h1 = 1;", "h1 + 41", "String h2 = \"two\";", "h1 + 41"]:
        k.run(code)
    k.kc.history(hist_access_type="tail", n=2, output=False, raw=True)
    tail = k.kc.get_shell_msg(timeout=10)["content"]
    k.kc.history(hist_access_type="search", pattern="h1*", unique=True, output=False, raw=True)
    search = k.kc.get_shell_msg(timeout=10)["content"]
    return {"tail": tail.get("history"), "search": search.get("history")}


probes = {"stuck_hwm1": probe_stuck_hwm1, "stuck_default": probe_stuck_default, "run_all": probe_run_all,
          "nbclient": probe_nbclient, "signals": probe_signals, "refusal": probe_refusal, "stdin": probe_stdin,
          "values": probe_values, "user_expressions": probe_user_expressions, "refusing_magics": probe_refusing_magics,
          "interrupt_output": probe_interrupt_output, "background_text": probe_background_text, "history": probe_history}

seen = {}
for key in wanted or probes:
    kernel = Kernel(name, work, key)
    try:
        seen[key] = probes[key](kernel)
    except Exception as e:  # a probe that breaks is a finding, not the end of the run
        seen[key] = {"probe_failed": f"{type(e).__name__}: {e}"}
    finally:
        kernel.close()
print(json.dumps(seen, default=str))
