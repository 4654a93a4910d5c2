package dev.gpumagics.watch;

import java.util.OptionalLong;

/**
 * A variable a cell created or rebound, and what it holds now.
 *
 * @param type its declared type
 * @param bytes the bytes of the storages it reaches, each counted once ({@code %gpumem --vars}'s alone plus shared)
 * @param gpuBytes the part of {@code bytes} on a GPU
 * @param bytesBefore what it held when the watch last saw it (an earlier cell created or rebound it); absent when
 *     the watch had not seen it
 * @param keepsHistory whether a tensor it holds carries an autograd graph, which keeps memory no byte count here shows
 */
public record VariableChange(String name, String type, How how, long bytes, long gpuBytes, OptionalLong bytesBefore,
        boolean keepsHistory) {

    /** How the cell touched it, as JShell's snippet events tell. */
    public enum How {
        /** Declared for the first time. */
        CREATED,
        /** Declared again: a new variable of that name replaces the old one. */
        REDECLARED,
        /** Assigned ({@code x = ...}). */
        ASSIGNED
    }

    /** What changed since the watch last saw it, or everything it holds when it had not. */
    public long delta() {
        return bytes - bytesBefore.orElse(0);
    }
}
