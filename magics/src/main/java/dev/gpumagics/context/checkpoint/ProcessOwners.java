package dev.gpumagics.context.checkpoint;

import dev.gpumagics.probe.ProcKibFields;
import dev.gpumagics.probe.value.Probed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Who owns a process (the uid of its {@code /proc/PID} directory), and whether an id names a process at all. */
public interface ProcessOwners {

    /** The owner's uid, or why it cannot be told (no such process). */
    Probed<Integer> uidOf(long pid);

    /**
     * The process an id belongs to: itself for a process, its process for a thread. A thread's id
     * opens {@code /proc/TID} too, and the driver's checkpoint calls reach the whole process
     * through it, so an id that is a thread's must be caught before any driver call.
     */
    Probed<Long> processOf(long id);

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
            public Probed<Long> processOf(long id) {
                Path process = Path.of("/proc", Long.toString(id));
                Path status = process.resolve("status");
                if (!Files.isDirectory(process)) {
                    return Probed.unavailable("no process " + id, "");
                }
                // the one /proc reader: it decodes any byte, and a thread's name in status need not be UTF-8
                var tgid = ProcKibFields.read(status, List.of("Tgid")).number("Tgid");
                return tgid.isPresent() ? Probed.present(tgid.getAsLong())
                        : Probed.unavailable("cannot read the Tgid line of " + status + " (gone meanwhile, or not readable)", "");
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
