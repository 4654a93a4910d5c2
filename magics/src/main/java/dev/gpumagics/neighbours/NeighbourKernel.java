package dev.gpumagics.neighbours;

import java.util.Optional;

/**
 * A record a reader believed, with its user's name as the system names the process's owner (from /proc and the user
 * database, never from the record).
 */
public record NeighbourKernel(KernelRecord record, Optional<String> user) {}
