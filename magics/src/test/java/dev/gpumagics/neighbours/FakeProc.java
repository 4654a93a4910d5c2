package dev.gpumagics.neighbours;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A /proc of a few processes, as the kernel lays it out: each pid's status (its Uid line) and stat (its start tick). */
final class FakeProc {

    static final String BOOT = "0f1e2d3c-boot";

    final Path root;

    FakeProc(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root.resolve("sys/kernel/random"));
            Files.writeString(root.resolve("sys/kernel/random/boot_id"), BOOT + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A process of that user, started at that tick. */
    FakeProc process(long pid, long uid, long startTick) {
        try {
            Path dir = Files.createDirectories(root.resolve(Long.toString(pid)));
            Files.writeString(dir.resolve("status"), "Name:\tjava\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t" + pid + "\nPid:\t" + pid
                    + "\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\nGid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\n");
            Files.writeString(dir.resolve("stat"), pid + " (java) S 1 " + pid + " " + pid
                    + " 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 9 0 " + startTick + " 1000000 200 0\n");
            Files.writeString(dir.resolve("cmdline"), "java\0-jar\0gpumagics.jar\0kernel\0/run/kernel-" + pid + ".json\0");
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process ended. */
    FakeProc gone(long pid) {
        try (var files = Files.list(root.resolve(Long.toString(pid)))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
            Files.delete(root.resolve(Long.toString(pid)));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String identity(long startTick) {
        return BOOT + "-" + startTick;
    }
}
