package dev.gpumagics.watch;

import dev.gpumagics.probe.ProcKibFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * This process's resident set and its high-water mark, from {@code /proc/self/status}, and the mark's reset:
 * Linux 4.0 and later set {@code VmHWM} back to the present {@code VmRSS} when "5" is written to
 * {@code /proc/self/clear_refs}, which any process may do to itself. After a reset the mark is the exact peak
 * since then, with no sampling. Where the write fails (an older kernel, a locked-down /proc) the peak has to
 * be sampled, and {@link #resetPeak()} says so.
 */
public final class ResidentSet {

    private final Path status;
    private final Path clearRefs;

    public ResidentSet(Path proc) {
        this.status = proc.resolve("self/status");
        this.clearRefs = proc.resolve("self/clear_refs");
    }

    public static ResidentSet system() {
        return new ResidentSet(Path.of("/proc"));
    }

    /** VmRSS and VmHWM, read in one pass; either is absent where the file does not have it. */
    public Reading read() {
        ProcKibFields fields = ProcKibFields.read(status, List.of("VmRSS", "VmHWM"));
        return new Reading(fields.bytes("VmRSS"), fields.bytes("VmHWM"));
    }

    /** @return whether the kernel took the reset: then the next {@link #read()}'s peak counts from now */
    public boolean resetPeak() {
        try {
            Files.writeString(clearRefs, "5", StandardCharsets.US_ASCII);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** @param residentBytes VmRSS; @param peakBytes VmHWM */
    public record Reading(OptionalLong residentBytes, OptionalLong peakBytes) {}
}
