#!/usr/bin/python3
"""Whether the installed kernel's heartbeat echoes the first ping of pyzmq's REQ socket right after start-up: each trial
starts the kernel through Debian's jupyter_client, connects a fresh REQ to its heartbeat port, sends one ping and waits
3 s. usage: /usr/bin/python3 bench_heartbeat.py KERNEL_NAME [TRIALS]"""
import sys

import jupyter_client
import zmq


def main():
    name, trials = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30
    lost = 0
    for _ in range(trials):
        km = jupyter_client.KernelManager(kernel_name=name)
        km.start_kernel()
        info = km.get_connection_info()
        context = zmq.Context()
        socket = context.socket(zmq.REQ)
        socket.linger = 0
        socket.rcvtimeo = 3000
        socket.connect(f"tcp://{info['ip']}:{info['hb_port']}")
        socket.send(b"ping")
        try:
            socket.recv()
        except zmq.Again:
            lost += 1
        socket.close()
        context.term()
        km.shutdown_kernel(now=True)
    print(f"{name}: the first heartbeat ping right after start-up got no echo in {lost} of {trials} starts")


if __name__ == "__main__":
    main()
