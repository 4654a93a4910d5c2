package dev.gpumagics.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;

/** Reads {@link HostMemory} from the JVM, JavaCPP and /proc; never throws. */
public final class HostMemoryProbe {

    private final Path proc;

    public HostMemoryProbe(Path proc) {
        this.proc = proc;
    }

    public static HostMemoryProbe system() {
        return new HostMemoryProbe(Path.of("/proc"));
    }

    public HostMemory read() {
        Runtime runtime = Runtime.getRuntime();
        return new HostMemory(
                runtime.totalMemory() - runtime.freeMemory(),
                runtime.maxMemory(),
                javacppBytes(),
                residentBytes(),
                available());
    }

    /**
     * Pointer's class initialiser loads JavaCPP's JNI library (50 to 90 ms cold, measured here); where
     * JavaCPP has loaded no library yet, nothing can have been allocated through it.
     */
    private static long javacppBytes() {
        return Loader.getLoadedLibraries().isEmpty() ? 0 : Pointer.totalBytes();
    }

    /**
     * This process's resident set: {@code VmRSS} of /proc/self/status, in KiB there (statm counts pages,
     * whose size this would have to guess). Absent, not zero, off Linux or where /proc is unreadable.
     */
    public OptionalLong residentBytes() {
        try {
            for (String line : Files.readAllLines(proc.resolve("self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // answered below
        }
        return OptionalLong.empty();
    }

    private OptionalLong available() {
        try {
            for (String line : Files.readAllLines(proc.resolve("meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    String[] fields = line.split("\\s+");
                    return OptionalLong.of(Long.parseLong(fields[1]) * 1024);
                }
            }
            return OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
