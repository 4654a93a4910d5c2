package dev.gpumagics.watch;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a cell did to this process's host memory.
 *
 * @param residentPeak the resident set's peak during the cell, absent off Linux
 */
public record HostChange(OptionalLong residentBefore, OptionalLong residentAfter, Optional<Peak> residentPeak,
        long javacppBefore, long javacppAfter) {

    /** Resident set after minus before. */
    public OptionalLong residentDelta() {
        return residentBefore.isPresent() && residentAfter.isPresent()
                ? OptionalLong.of(residentAfter.getAsLong() - residentBefore.getAsLong()) : OptionalLong.empty();
    }

    /** How far the resident set rose above where the cell started, at its peak; never below zero. */
    public OptionalLong peakAboveStart() {
        return residentBefore.isPresent() && residentPeak.isPresent()
                ? OptionalLong.of(Math.max(0, residentPeak.get().bytes() - residentBefore.getAsLong())) : OptionalLong.empty();
    }

    public long javacppDelta() {
        return javacppAfter - javacppBefore;
    }
}
