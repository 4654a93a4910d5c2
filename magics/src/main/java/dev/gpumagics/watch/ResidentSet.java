package dev.gpumagics.watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        long rss = -1;
        long hwm = -1;
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line);
                }
                if (rss >= 0 && hwm >= 0) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // off Linux, or /proc unreadable: answered as absent
        }
        return new Reading(rss < 0 ? OptionalLong.empty() : OptionalLong.of(rss), hwm < 0 ? OptionalLong.empty() : OptionalLong.of(hwm));
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

    private static long kib(String line) {
        String[] fields = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        return Long.parseLong(fields[0]) * 1024;
    }

    /** @param residentBytes VmRSS; @param peakBytes VmHWM */
    public record Reading(OptionalLong residentBytes, OptionalLong peakBytes) {}
}
