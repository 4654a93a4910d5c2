package dev.gpumagics.neighbours;

/** What a kernel is doing, as it last published. */
public enum KernelState {
    /** A cell is running. */
    BUSY,
    /** No cell is running. */
    IDLE,
    /** Its GPU state is parked in host memory ({@code %gpususpend}, or its idle policy). */
    PARKED,
    /** The kernel does not tell an add-on when a cell starts or ends (IJava, JJava): only its last code is known. */
    UNKNOWN
}
