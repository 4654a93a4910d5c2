"""What the probe scripts share: a fresh kernel with its client, its stderr in a file, and raw ZeroMQ sockets
that sign their own messages (Debian's jupyter_client and pyzmq). A probe never waits without a limit."""
import json, os, time, uuid

import jupyter_client
import zmq


class Kernel:
    """A fresh kernel, its client, its stderr in a file, and raw sockets that speak for themselves."""

    def __init__(self, name, work, probe, env=None):
        self.stderr_path = os.path.join(work, f"{probe}.stderr")
        self.stderr = open(self.stderr_path, "w")
        self.km = jupyter_client.KernelManager(kernel_name=name)
        kw = {"stderr": self.stderr}
        if env:
            kw["env"] = {**os.environ, **env}
        self.km.start_kernel(**kw)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)
        self.session = self.km.session
        self.zmq = zmq.Context()

    def raw(self, channel="shell", identity=None):
        sock = self.zmq.socket(zmq.DEALER)
        sock.linger = 0
        if identity is not None:
            sock.setsockopt(zmq.IDENTITY, identity)
        port = {"shell": self.km.shell_port, "control": self.km.control_port, "stdin": self.km.stdin_port}[channel]
        sock.connect(f"tcp://127.0.0.1:{port}")
        return sock

    def signed(self, msg_type, content=None, header=None, content_bytes=None):
        """The frames of a signed message; content_bytes lets the content be any JSON (null) or none."""
        msg = self.session.msg(msg_type, content if content is not None else {})
        # jupyter_client numbers msg_ids per Session copy: the client's own would collide with these
        msg["header"]["msg_id"] = uuid.uuid4().hex
        h = json.dumps(header if header is not None else msg["header"], default=str).encode()
        parts = [h, b"{}", b"{}", content_bytes if content_bytes is not None else json.dumps(msg["content"]).encode()]
        return [b"<IDS|MSG>", self.session.sign(parts)] + parts

    def reply_on(self, sock, timeout=10.0):
        if not sock.poll(int(timeout * 1000)):
            return None
        frames = sock.recv_multipart()
        _, frames = self.session.feed_identities(frames)
        return self.session.deserialize(frames)

    def run(self, code, timeout=30.0, **kw):
        outputs = []
        try:
            reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=lambda m: outputs.append(
                {"type": m["msg_type"], **{k: v for k, v in m["content"].items() if k in ("name", "text", "ename", "evalue", "traceback", "data")}}), **kw)
        except TimeoutError:
            return {"status": "no reply", "outputs": outputs}
        return {"status": reply["content"]["status"], "ename": reply["content"].get("ename"),
                "evalue": reply["content"].get("evalue"), "outputs": outputs}

    def answers(self, timeout=30.0):
        """Whether the kernel still runs a cell: 1+1 within the time (the first cell also waits for the warm-up)."""
        seen = self.run("1+1", timeout=timeout)
        return seen["status"] == "ok" and any(o.get("data", {}).get("text/plain") == "2" for o in seen["outputs"])

    def pid(self):
        return self.km.provisioner.process.pid

    def exit_code(self, within):
        """The kernel process's exit status once it has ended, waiting up to `within` seconds; None while it runs."""
        process = self.km.provisioner.process
        deadline = time.time() + within
        while process.poll() is None and time.time() < deadline:
            time.sleep(0.05)
        return process.poll()

    def close(self):
        try:
            self.kc.stop_channels()
            self.km.shutdown_kernel(now=True)
        except Exception:
            pass
        self.stderr.close()
        self.zmq.destroy(linger=0)

    def stderr_text(self):
        self.stderr.flush()
        with open(self.stderr_path) as f:
            return f.read()
