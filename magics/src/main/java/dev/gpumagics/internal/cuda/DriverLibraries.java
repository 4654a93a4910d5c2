package dev.gpumagics.internal.cuda;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds the NVIDIA libraries that the JavaCPP cuda preset's JNI links, without loading anything.
 * Loading {@code org.bytedeco.cuda.global.nvml} without them throws UnsatisfiedLinkError once and
 * NoClassDefFoundError ever after, so every caller asks here first. Only the directories the dynamic
 * linker searches count: a library elsewhere would not be found when the JNI loads.
 */
public final class DriverLibraries {

    /** The shared objects the JNI libraries need (their ELF NEEDED entries, checked by a test). */
    public enum Library {
        /** NVML, from the driver: libjninvml.so needs it. */
        NVML("libnvidia-ml.so.1"),
        /** The driver API, from the driver: libjnicudart.so needs it. */
        DRIVER("libcuda.so.1"),
        /** The CUDA 13 runtime, from a CUDA toolkit: libjnicudart.so needs it, and libjninvml.so through it. */
        CUDART("libcudart.so.13");

        private final String soname;

        Library(String soname) {
            this.soname = soname;
        }

        public String soname() {
            return soname;
        }
    }

    private static volatile @Nullable DriverLibraries system;

    private final Map<Library, Optional<Path>> found = new EnumMap<>(Library.class);

    DriverLibraries(List<Path> searchPath) {
        for (Library library : Library.values()) {
            found.put(library, locate(library.soname(), searchPath));
        }
    }

    /** The libraries of this machine, looked up once per process. */
    public static DriverLibraries system() {
        DriverLibraries libraries = system;
        if (libraries == null) {
            libraries = new DriverLibraries(linkerSearchPath(System.getenv("LD_LIBRARY_PATH"), Path.of("/etc")));
            system = libraries;
        }
        return libraries;
    }

    /** Looks in the given directories only; for tests. */
    public static DriverLibraries in(List<Path> searchPath) {
        return new DriverLibraries(searchPath);
    }

    public Optional<Path> find(Library library) {
        return found.getOrDefault(library, Optional.empty());
    }

    public boolean has(Library... libraries) {
        for (Library library : libraries) {
            if (find(library).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The first of the given libraries that is missing, if any. */
    public Optional<Library> firstMissing(Library... libraries) {
        for (Library library : libraries) {
            if (find(library).isEmpty()) {
                return Optional.of(library);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> locate(String soname, List<Path> searchPath) {
        for (Path dir : searchPath) {
            Path candidate = dir.resolve(soname);
            if (Files.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** LD_LIBRARY_PATH, then ld.so.conf's directories, then the default ones, as ld.so searches them. */
    static List<Path> linkerSearchPath(@Nullable String ldLibraryPath, Path etc) {
        Set<Path> dirs = new LinkedHashSet<>();
        if (ldLibraryPath != null) {
            for (String entry : ldLibraryPath.split(":")) {
                if (!entry.isBlank()) {
                    dirs.add(Path.of(entry));
                }
            }
        }
        dirs.addAll(ldSoConf(etc.resolve("ld.so.conf")));
        for (String dir : List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib")) {
            dirs.add(Path.of(dir));
        }
        return new ArrayList<>(dirs);
    }

    /** The directories an ld.so.conf names, following its {@code include} globs one level at a time. */
    static List<Path> ldSoConf(Path conf) {
        List<Path> dirs = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(conf);
        } catch (IOException e) {
            return dirs;
        }
        for (String raw : lines) {
            String line = raw.strip();
            int comment = line.indexOf('#');
            if (comment >= 0) {
                line = line.substring(0, comment).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("include ")) {
                Path base = conf.toAbsolutePath().getParent();
                if (base != null) {
                    dirs.addAll(included(base, line.substring("include ".length()).strip()));
                }
            } else {
                dirs.add(Path.of(line));
            }
        }
        return dirs;
    }

    private static List<Path> included(Path base, String pattern) {
        Path glob = base.resolve(pattern);
        Path dir = glob.getParent();
        List<Path> dirs = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return dirs;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob.getFileName().toString())) {
            stream.forEach(files::add);
        } catch (IOException e) {
            return dirs;
        }
        files.sort(null);
        for (Path file : files) {
            dirs.addAll(ldSoConf(file));
        }
        return dirs;
    }
}
