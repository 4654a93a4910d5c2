#!/usr/bin/python3
"""One of two users on a shared host, each with a GpuMagics kernel, through Debian's jupyter_client. Run once as each
user (NeighboursIT starts both at once); they meet through files in SHARED. Each starts its kernel with a notebook
path in JPY_SESSION_NAME, tells the stand-in nvidia-smi its kernel's pid, waits for the other's, lets both be idle a
few seconds, then reads the other (in turns) through %gpumem, %gpumem --json and `kernels --json`. Then bob kills his kernel
(SIGKILL: its record stays) and forges records in alice's name, and alice reads again. Prints what it saw as JSON.
usage: neighbours_session.py ROLE OTHER SHARED KERNEL_NAME JAR"""
import json, os, signal, subprocess, sys, time

import jupyter_client

role, other, shared, kernel_name, jar = sys.argv[1:6]
pids = os.path.join(shared, "pids")
gpu = "GPU-1f2e3d4c-5b6a-7980-a1b2-c3d4e5f60718"


def put(name, text):
    """Written whole, then renamed into place: the other reads all of it or nothing."""
    partial = os.path.join(pids, "." + name + ".partial")
    with open(partial, "w") as f:
        f.write(text)
    os.rename(partial, os.path.join(pids, name))


def wait_for(name, timeout=180):
    deadline = time.time() + timeout
    path = os.path.join(pids, name)
    while not os.path.exists(path):
        if time.time() > deadline:
            raise SystemExit(role + ": " + name + " never came")
        time.sleep(0.1)
    with open(path) as f:
        return f.read()


km = jupyter_client.KernelManager(kernel_name=kernel_name)
km.start_kernel(env=dict(os.environ, JPY_SESSION_NAME=os.environ["HOME"] + "/projects/" + role + "-training.ipynb"))
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=120)


def run(code):
    """What the cell showed: its text, and the JSON of any display that carried some."""
    texts, jsons = [], []

    def hook(msg):
        content = msg["content"]
        if msg["msg_type"] == "stream":
            texts.append(content["text"])
        elif msg["msg_type"] in ("execute_result", "display_data"):
            texts.append(content["data"].get("text/plain", ""))
            if "application/json" in content["data"]:
                jsons.append(content["data"]["application/json"])
        elif msg["msg_type"] == "error":
            texts.append(content["ename"] + ": " + content["evalue"])

    kc.execute_interactive(code, output_hook=hook, timeout=120)
    return {"text": "".join(texts), "json": jsons}


def kernels():
    done = subprocess.run(["java", "-jar", jar, "kernels", "--json"], capture_output=True, text=True, timeout=120)
    return {"exit": done.returncode, "json": json.loads(done.stdout) if done.returncode == 0 else None, "err": done.stderr}


seen = {"role": role, "driver_pid": os.getpid()}
seen["kernel_pid"] = int(run("ProcessHandle.current().pid()")["text"].strip())
put(role + ".csv", gpu + ", " + str(seen["kernel_pid"]) + ", " + ("6144" if role == "alice" else "2048") + "\n")
put(role + ".driver", str(os.getpid()))
seen["other_kernel_pid"] = int(wait_for(other + ".csv").split(",")[1])
# in turns, so that the other is idle while this one looks: alice first, then bob, each once the other has been idle 4 s
if role == "bob":
    wait_for("alice.read")
time.sleep(4)
seen["gpumem"] = run("%gpumem")["text"]
seen["gpumem_json"] = run("%gpumem --json")["json"]
seen["kernels"] = kernels()
put(role + ".read", "1")
wait_for(other + ".read")

if role == "bob":
    # the forgeries: records in alice's name, written by bob; and bob cannot write where alice's records are
    alice_kernel = int(wait_for("alice.csv").split(",")[1])
    alice_driver = int(wait_for("alice.driver"))
    boot = open("/proc/sys/kernel/random/boot_id").read().strip()
    shm = os.environ["GPUMAGICS_KERNELS_DIR"]
    mine = os.path.join(shm, "gpumagics-kernels-" + str(os.getuid()))
    for pid in (alice_kernel, alice_driver):
        stat = open("/proc/%d/stat" % pid).read()
        start = stat[stat.rindex(")") + 2:].split(" ")[19]
        forged = {"format": 1, "pid": pid, "startIdentity": boot + "-" + start, "kernel": "GpuMagics", "notebook": "forged.ipynb",
                  "startedAt": "2026-12-07T10:00:00Z", "lastActivity": "2026-12-07T10:00:00Z", "state": "idle", "devices": [],
                  "updatedAt": "2026-12-07T10:00:00Z"}
        with open(os.path.join(mine, "kernel-%d.json" % pid), "w") as f:
            json.dump(forged, f)
    alices = os.path.join(shm, "gpumagics-kernels-" + wait_for("alice.uid").strip())
    try:
        with open(os.path.join(alices, "kernel-%d.json" % os.getpid()), "w") as f:
            f.write("{}")
        seen["wrote_into_alices_folder"] = True
    except OSError as e:
        seen["wrote_into_alices_folder"] = False
        seen["alices_folder_refused"] = e.strerror
    os.kill(seen["kernel_pid"], signal.SIGKILL)  # no chance to take its record back
    deadline = time.time() + 30
    while km.is_alive() and time.time() < deadline:
        time.sleep(0.05)
    seen["killed"] = not km.is_alive()
    put("bob.gone", "1")
else:
    put("alice.uid", str(os.getuid()))
    wait_for("bob.gone")
    time.sleep(0.5)
    seen["after"] = {"gpumem": run("%gpumem")["text"], "gpumem_json": run("%gpumem --json")["json"], "kernels": kernels()}
    put("alice.done", "1")

if role == "alice":
    km.shutdown_kernel(now=False)
kc.stop_channels()
print(json.dumps(seen))
