#!/usr/bin/python3
"""Keeps loopback ports of the ephemeral range busy, as the client connections of other Jupyter kernels
do: THREADS clients connect to a local listener, hold each connection a few milliseconds, and reset it
(no TIME_WAIT). Runs until killed. usage: port_churn.py [THREADS]"""
import random, socket, struct, sys, threading, time

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 4
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 50000))
server.listen(256)


def accept():
    while True:
        conn, _ = server.accept()
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        threading.Timer(0.05, conn.close).start()


def churn():
    while True:
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        try:
            s.connect(("127.0.0.1", 50000))
            time.sleep(random.uniform(0, 0.02))
        except OSError:
            time.sleep(0.001)
        finally:
            s.close()


threading.Thread(target=accept, daemon=True).start()
for _ in range(threads):
    threading.Thread(target=churn, daemon=True).start()
while True:
    time.sleep(60)
