package dev.gpumagics.probe;

import java.nio.file.Path;
import java.util.List;
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
        return ProcKibFields.read(proc.resolve("self/status"), List.of("VmRSS")).bytes("VmRSS");
    }

    private OptionalLong available() {
        return ProcKibFields.read(proc.resolve("meminfo"), List.of("MemAvailable")).bytes("MemAvailable");
    }
}
