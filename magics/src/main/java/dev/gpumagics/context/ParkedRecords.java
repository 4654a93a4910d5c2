package dev.gpumagics.context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * What each parked process held on each device, kept from the process that suspended it to the one
 * that resumes it, which may be another (a shell's {@code resume --pid N} after a kernel's
 * {@code %gpususpend}, or the other way round). A record names the process by pid and start time, so a
 * reused pid never inherits one. Losing a record costs only the room check, never the parked state.
 */
public interface ParkedRecords {

    void remember(long pid, BytesPerDevice held);

    /** What was recorded for this process; {@link BytesPerDevice#NONE} when nothing was. */
    BytesPerDevice recall(long pid);

    void forget(long pid);

    /** Keeps nothing. */
    static ParkedRecords none() {
        return new ParkedRecords() {
            @Override public void remember(long pid, BytesPerDevice held) { }
            @Override public BytesPerDevice recall(long pid) { return BytesPerDevice.NONE; }
            @Override public void forget(long pid) { }
        };
    }

    /** {@link #directory(String)} of this user's home: this user's alone. */
    static ParkedRecords forThisUser() {
        return inDirectory(directory(System.getProperty("user.home")),
                pid -> ProcessHandle.of(pid).flatMap(process -> process.info().startInstant()));
    }

    /**
     * {@code ~/.cache/gpumagics/parked}, from the home directory alone. Not {@code $XDG_RUNTIME_DIR}: the writer and
     * the reader are often started differently (a JupyterHub kernel has no XDG_RUNTIME_DIR, a login shell has one),
     * and logind removes that directory at logout, while a kernel may stay parked overnight.
     */
    static Path directory(String home) {
        return Path.of(home, ".cache", "gpumagics", "parked");
    }

    /** One file per parked process in {@code dir}, named by pid and start time. */
    static ParkedRecords inDirectory(Path dir, LongFunction<Optional<Instant>> startOf) {
        return new ParkedRecords() {
            @Override
            public void remember(long pid, BytesPerDevice held) {
                Optional<Path> file = file(pid);
                if (file.isEmpty() || held.isEmpty()) {
                    return;
                }
                try {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    Path partial = Files.writeString(dir.resolve(file.get().getFileName() + ".partial"), held.token(), StandardCharsets.UTF_8);
                    try {
                        Files.move(partial, file.get(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(partial, file.get(), StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // without the record a later resume skips its room check; the parked state itself is untouched
                }
            }

            @Override
            public BytesPerDevice recall(long pid) {
                try {
                    Optional<Path> file = file(pid);
                    return file.isPresent() && Files.isRegularFile(file.get())
                            ? BytesPerDevice.parse(Files.readString(file.get(), StandardCharsets.UTF_8).strip())
                            : BytesPerDevice.NONE;
                } catch (IOException | IllegalArgumentException e) {
                    return BytesPerDevice.NONE;
                }
            }

            @Override
            public void forget(long pid) {
                try {
                    Optional<Path> file = file(pid);
                    if (file.isPresent()) {
                        Files.deleteIfExists(file.get());
                    }
                } catch (IOException e) {
                    // a stale record names a start time no later process has: it is never read again
                }
            }

            private Optional<Path> file(long pid) {
                return startOf.apply(pid).map(start -> dir.resolve(pid + "-" + start.toEpochMilli()));
            }
        };
    }
}
