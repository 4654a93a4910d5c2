package dev.gpumagics.context;

import dev.gpumagics.probe.Probed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Who owns a process: the uid of its {@code /proc/PID} directory. */
public interface ProcessOwners {

    /** The owner's uid, or why it cannot be told (no such process). */
    Probed<Integer> uidOf(long pid);

    /** The uid this JVM runs as. */
    int ownUid();

    /** Reads {@code /proc}. */
    static ProcessOwners proc() {
        return new ProcessOwners() {
            @Override
            public Probed<Integer> uidOf(long pid) {
                return uid(Path.of("/proc", Long.toString(pid)), "no process " + pid);
            }

            @Override
            public int ownUid() {
                return uid(Path.of("/proc/self"), "").asOptional()
                        .orElseThrow(() -> new IllegalStateException("/proc/self is not readable"));
            }
        };
    }

    private static Probed<Integer> uid(Path dir, String missing) {
        try {
            return Probed.present((Integer) Files.getAttribute(dir, "unix:uid"));
        } catch (NoSuchFileException e) {
            return Probed.unavailable(missing, "");
        } catch (IOException | UnsupportedOperationException e) {
            return Probed.unavailable("cannot read the owner of " + dir + ": " + e.getMessage(), "");
        }
    }
}
