package dev.gpumagics.neighbours;

import dev.gpumagics.probe.ProcessIdentity;

/** A record a reader believed, with who its process is as /proc tells it (the user's name comes from there, not from the record). */
public record NeighbourKernel(KernelRecord record, ProcessIdentity process) {}
