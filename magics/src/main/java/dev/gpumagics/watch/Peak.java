package dev.gpumagics.watch;

/**
 * The most memory held at any moment of a cell.
 *
 * @param exact true where a counter kept it (the host's {@code VmHWM} after a reset, libtorch's peak counters);
 *     false where it is the largest of samples taken a fifth of a second apart, which can miss a briefer peak
 */
public record Peak(long bytes, boolean exact) {

    /** The larger of two peaks; exact only if both were. */
    Peak max(long sampled) {
        return sampled > bytes ? new Peak(sampled, false) : this;
    }
}
