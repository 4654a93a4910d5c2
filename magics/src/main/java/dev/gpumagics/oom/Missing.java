package dev.gpumagics.oom;

/** A part of the diagnosis that could not be had, and why, in the words of the probe that failed. */
public record Missing(Part part, String reason) {

    /** The parts a diagnosis reads. */
    public enum Part {
        /** The device as the driver sees it now (NVML or nvidia-smi). */
        DEVICE_NOW,
        /** What the notebook's variables hold. */
        VARIABLES,
        /** The choice of causes itself. */
        CAUSES
    }
}
