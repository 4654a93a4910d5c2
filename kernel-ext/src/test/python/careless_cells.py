#!/usr/bin/python3
"""Runs careless cells on the installed kernel through Debian's jupyter_client: exits, runaway recursion, a
use after %gpufree, bad files for %jars and %load, an empty option value, a heap-filling variable. Prints
what each cell gave, as JSON, for CellSafetyIT. A cell that gets no reply, or a kernel that died, is
recorded as such, and the kernel is started afresh so that the cells after it are still tried.
usage: careless_cells.py KERNEL_NAME WORK_DIR"""
import json, os, sys, time, zipfile

import jupyter_client

name, work = sys.argv[1], sys.argv[2]

# files that are not jars, made here so the test owns them
fifo = os.path.join(work, "pipe.jar")
os.mkfifo(fifo)
text_jar = os.path.join(work, "notes.jar")
with open(text_jar, "w") as f:
    f.write("not a jar\n")
whole_jar = os.path.join(work, "whole.jar")
with zipfile.ZipFile(whole_jar, "w") as z:
    z.writestr("a/B.txt", "x" * 5000)
truncated_jar = os.path.join(work, "truncated.jar")
with open(whole_jar, "rb") as f, open(truncated_jar, "wb") as out:
    out.write(f.read()[:200])
bad_magic = os.path.join(work, "bad-magic.jshell")
with open(bad_magic, "w") as f:
    f.write("int loadedFirst = 1;\n%gpufree --bogus\nint notReached = 2;\n")
self_loading = os.path.join(work, "self.jshell")
with open(self_loading, "w") as f:
    f.write("int selfRuns = 1;\n%load " + self_loading + "\n")

cells = [
    ("keep", "int keep = 7;"),
    ("system_exit", "System.exit(3)"),
    ("after_system_exit", "keep"),
    ("runtime_exit", "Runtime.getRuntime().exit(4)"),
    ("runtime_halt", "Runtime.getRuntime().halt(5)"),
    ("exit_in_lambda", "Runnable bye = () -> System.exit(6);\nbye.run();"),
    ("exit_by_method_reference", "java.util.function.IntConsumer quit = System::exit;\nquit.accept(7);"),
    ("exit_in_method", "void finish() { System.out.println(\"done\"); System.exit(0); }\nfinish();"),
    ("after_exits", "keep + 1"),
    ("stack_overflow", "int down(int n) { return down(n + 1); }\ndown(0)"),
    ("plain_null", "String plain = null;"),
    ("plain_npe", "plain.length()"),
    ("torch", "%maven org.bytedeco:pytorch:2.10.0-1.5.13:linux-x86_64\n"
              "var uaf = org.bytedeco.pytorch.global.torch.ones(2, 3);"),
    ("free_uaf", "%gpufree uaf"),
    ("use_after_free", "uaf.numel()"),
    ("load_bad_magic", "%load " + bad_magic),
    ("after_load_bad_magic", "loadedFirst"),
    ("jars_passwd", "%jars /etc/passwd"),
    ("jars_fifo", "%jars " + fifo),
    ("jars_truncated", "%jars " + truncated_jar),
    ("jars_text", "%jars " + text_jar),
    ("jars_dev_zero", "%jars /dev/zero"),
    ("jars_good_and_bad", "%jars " + whole_jar + " " + text_jar),
    ("jars_listed", "%jars"),
    ("after_jars", "keep * 2"),
    ("load_directory", "%load " + work),
    ("load_itself", "%load " + self_loading),
    ("after_load_itself", "selfRuns + keep"),
    ("keep_empty", "%gpufree --all --keep="),
    ("keep_missing", "%gpufree --all --keep"),
    ("hog", "var hog = new long[20_000_000];"),
    ("free_hog", "%gpufree hog"),
    ("last", "1 + 1"),
]

km = kc = None


def start():
    global km, kc
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name=name, startup_timeout=60)


def run(code, timeout=30):
    outputs = []

    def hook(msg):
        t, c = msg["msg_type"], msg["content"]
        if t == "stream":
            outputs.append({"type": t, "text": c["text"]})
        elif t in ("execute_result", "display_data"):
            outputs.append({"type": t, "text": c["data"].get("text/plain", "")})
        elif t == "error":
            outputs.append({"type": t, "ename": c["ename"], "evalue": c["evalue"], "traceback": c["traceback"]})

    began = time.monotonic()
    try:
        reply = kc.execute_interactive(code, timeout=timeout, output_hook=hook)
        status = reply["content"]["status"]
    except Exception as e:  # no reply in time: the kernel died or went deaf
        status = "no reply: " + type(e).__name__
    return {"status": status, "outputs": outputs, "seconds": time.monotonic() - began}


start()
seen = {}
for key, code in cells:
    result = run(code)
    result["alive"] = km.is_alive()
    seen[key] = result
    if not result["status"] in ("ok", "error") or not result["alive"]:
        result["restarted"] = True
        try:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        except Exception:
            pass
        start()
kc.stop_channels()
km.shutdown_kernel(now=False)
print(json.dumps(seen, default=str))
