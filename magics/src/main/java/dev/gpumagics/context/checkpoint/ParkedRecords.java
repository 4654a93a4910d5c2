package dev.gpumagics.context.checkpoint;

import dev.gpumagics.probe.ProcessTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * What each parked process held on each device, kept from the process that suspended it to the one
 * that resumes it, which may be another (a shell's {@code resume --pid N} after a kernel's
 * {@code %gpususpend}, or the other way round). A record names the process by pid and start time, so a
 * reused pid never inherits one. Losing a record costs only the room check, never the parked state.
 */
public interface ParkedRecords {

    Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    /** Records what the process held on each device; not knowing it forgets any older record, which would claim more than is known. */
    void remember(long pid, Optional<BytesPerDevice> held);

    /** What was recorded for this process, if anything was. */
    Optional<BytesPerDevice> recall(long pid);

    void forget(long pid);

    /** Keeps nothing. */
    static ParkedRecords none() {
        return new ParkedRecords() {
            @Override public void remember(long pid, Optional<BytesPerDevice> held) { }
            @Override public Optional<BytesPerDevice> recall(long pid) { return Optional.empty(); }
            @Override public void forget(long pid) { }
        };
    }

    /** {@link #directory(String)} of this user's home: this user's alone. */
    static ParkedRecords forThisUser() {
        return inDirectory(directory(System.getProperty("user.home")), pid -> identity(Path.of("/proc"), pid));
    }

    /** A process's identity for as long as the machine runs ({@link ProcessTable#lifetimeId}): a later process with its pid has another. */
    static Optional<String> identity(Path proc, long pid) {
        return new ProcessTable(proc).lifetimeId(pid);
    }

    /**
     * {@code ~/.cache/gpumagics/parked}, from the home directory alone. Not {@code $XDG_RUNTIME_DIR}: the writer and
     * the reader are often started differently (a JupyterHub kernel has no XDG_RUNTIME_DIR, a login shell has one),
     * and logind removes that directory at logout, while a kernel may stay parked overnight.
     */
    static Path directory(String home) {
        return Path.of(home, ".cache", "gpumagics", "parked");
    }

    /** One file per parked process in {@code dir}, named by pid and {@code identityOf}'s answer. */
    static ParkedRecords inDirectory(Path dir, LongFunction<Optional<String>> identityOf) {
        return new ParkedRecords() {
            @Override
            public void remember(long pid, Optional<BytesPerDevice> held) {
                if (held.isEmpty() || held.get().isEmpty()) {
                    forget(pid); // an older record would claim more than is known now
                    return;
                }
                Optional<Path> file = file(pid);
                if (file.isEmpty()) {
                    return;
                }
                try {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                    Files.setPosixFilePermissions(dir, OWNER_ONLY); // one made earlier, by hand or with another umask
                    removeThoseOfGoneProcesses();
                    Path partial = Files.writeString(dir.resolve(file.get().getFileName() + ".partial"),
                            WireFormat.text(held.get()), StandardCharsets.UTF_8);
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
            public Optional<BytesPerDevice> recall(long pid) {
                try {
                    Optional<Path> file = file(pid);
                    return file.isPresent() && Files.isRegularFile(file.get())
                            ? Optional.of(WireFormat.bytesPerDevice(Files.readString(file.get(), StandardCharsets.UTF_8).strip()))
                            : Optional.empty();
                } catch (IOException | IllegalArgumentException e) {
                    return Optional.empty();
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

            /** A kernel killed while parked leaves its record: it is dropped once no running process has that name. */
            private void removeThoseOfGoneProcesses() throws IOException {
                try (var files = Files.list(dir)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        String name = file.getFileName().toString();
                        int dash = name.indexOf('-');
                        if (dash <= 0 || name.endsWith(".partial")) {
                            continue;
                        }
                        try {
                            long pid = Long.parseLong(name.substring(0, dash));
                            if (!identityOf.apply(pid).map(name.substring(dash + 1)::equals).orElse(false)) {
                                Files.deleteIfExists(file);
                            }
                        } catch (NumberFormatException e) {
                            // not a record: left alone
                        }
                    }
                }
            }

            private Optional<Path> file(long pid) {
                return identityOf.apply(pid).map(identity -> dir.resolve(pid + "-" + identity));
            }
        };
    }
}
