/** The sockets and their threads: shell and control loops, IOPub publisher, stdin, heartbeat, and request dispatch. */
@NullMarked
package dev.gpumagics.jupyter.server;

import org.jspecify.annotations.NullMarked;
