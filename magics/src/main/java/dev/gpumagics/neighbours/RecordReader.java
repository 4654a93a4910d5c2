package dev.gpumagics.neighbours;

import dev.gpumagics.probe.ProcessTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the records and believes one only when its folder and its file belong to the user its folder is named for,
 * who owns the live process it names, and that process started when the record says. So a user can speak only for
 * their own processes, and the record of a kernel that was killed or crashed, or of an earlier process with the same
 * pid, is never shown. It only reads: no record can make a reader, or the kernel it describes, do anything.
 */
public final class RecordReader {

    private static final Duration READ_LIMIT = Duration.ofSeconds(1);

    private final RecordShelf shelf;
    private final ProcessTable processes;

    RecordReader(RecordShelf shelf, ProcessTable processes) {
        this.shelf = shelf;
        this.processes = processes;
    }

    /** The believed record of that process, if there is one. */
    public Optional<NeighbourKernel> read(long pid) {
        Optional<Long> owner = processes.owner(pid);
        if (owner.isEmpty() || parentProblem().isPresent()) {
            return Optional.empty();
        }
        Path folder = shelf.folderOf(owner.get());
        if (folderProblem(folder, owner.get()).isPresent()) {
            return Optional.empty();
        }
        return judge(RecordShelf.fileOf(folder, pid), pid, owner.get()) instanceof Verdict.Believed believed
                ? Optional.of(believed.kernel()) : Optional.empty();
    }

    /** Every record under the parent, believed or not; none when no kernel has published yet. */
    public ShelfListing list() {
        Optional<String> problem = parentProblem();
        if (problem.isPresent()) {
            return new ShelfListing(List.of(), List.of(), problem);
        }
        List<NeighbourKernel> kernels = new ArrayList<>();
        List<Ignored> ignored = new ArrayList<>();
        try (var folders = Files.newDirectoryStream(shelf.parent(), RecordShelf.FOLDER_PREFIX + "*")) {
            for (Path folder : folders) {
                Optional<Long> uid = RecordShelf.uidOf(folder);
                if (uid.isEmpty()) {
                    continue;
                }
                Optional<Ignored.Why> wrong = folderProblem(folder, uid.get());
                if (wrong.isPresent()) {
                    ignored.add(new Ignored(folder, wrong.get()));
                    continue;
                }
                readFolder(folder, uid.get(), kernels, ignored);
            }
        } catch (IOException | RuntimeException e) {
            // not readable: nothing to show
        }
        kernels.sort(Comparator.comparingLong(kernel -> kernel.record().pid()));
        return new ShelfListing(kernels, ignored, Optional.empty());
    }

    private void readFolder(Path folder, long uid, List<NeighbourKernel> kernels, List<Ignored> ignored) {
        try (var files = Files.newDirectoryStream(folder, "kernel-*.json")) {
            for (Path file : files) {
                Optional<Long> pid = RecordShelf.pidOf(file);
                if (pid.isEmpty()) {
                    continue;
                }
                Verdict verdict = judge(file, pid.get(), uid);
                if (verdict instanceof Verdict.Believed believed) {
                    kernels.add(believed.kernel());
                } else if (verdict instanceof Verdict.NotBelieved not) {
                    ignored.add(new Ignored(file, not.why()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // a folder that went away meanwhile
        }
    }

    /**
     * The parent must be root's or the reader's own, and sticky where others may write to it: otherwise whoever owns
     * it could swap a user's folder for one of their own as it is read.
     */
    private Optional<String> parentProblem() {
        Path parent = shelf.parent();
        try {
            Map<String, Object> attributes = Files.readAttributes(parent, "unix:isDirectory,uid,mode");
            long uid = ((Number) Objects.requireNonNull(attributes.get("uid"))).longValue();
            int mode = ((Number) Objects.requireNonNull(attributes.get("mode"))).intValue();
            if (!Boolean.TRUE.equals(attributes.get("isDirectory"))) {
                return Optional.of(parent + " is not a folder");
            }
            if (uid != 0 && uid != shelf.ownUid()) {
                return Optional.of("the kernels' records under " + parent + " are not read: that folder belongs to uid " + uid
                        + ", who could swap them, not to root");
            }
            if ((mode & 022) != 0 && (mode & 01000) == 0) {
                return Optional.of("the kernels' records under " + parent + " are not read: others may write to it and it lacks"
                        + " the sticky bit (chmod 1777 " + parent + ")");
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.of(parent + " does not exist");
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot read " + parent + ": " + RecordShelf.reason(e));
        }
    }

    /** A user's folder must be a real folder, owned by the user it is named for. */
    private static Optional<Ignored.Why> folderProblem(Path folder, long uid) {
        try {
            Map<String, Object> attributes = Files.readAttributes(folder, "unix:isDirectory,uid", LinkOption.NOFOLLOW_LINKS);
            if (!Boolean.TRUE.equals(attributes.get("isDirectory"))) {
                return Optional.of(Ignored.Why.NOT_A_FILE);
            }
            return ((Number) Objects.requireNonNull(attributes.get("uid"))).longValue() == uid
                    ? Optional.empty() : Optional.of(Ignored.Why.OTHER_OWNER);
        } catch (IOException | RuntimeException e) {
            return Optional.of(Ignored.Why.UNREADABLE);
        }
    }

    private sealed interface Verdict {
        record Believed(NeighbourKernel kernel) implements Verdict {}

        record NotBelieved(Ignored.Why why) implements Verdict {}

        record Absent() implements Verdict {}
    }

    /** The cheap checks first (the file, the process, their owners), the file's content last. */
    private Verdict judge(Path file, long pid, long folderUid) {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(file, "unix:uid,size,isRegularFile", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return new Verdict.Absent();
        } catch (IOException | RuntimeException e) {
            return new Verdict.NotBelieved(Ignored.Why.UNREADABLE);
        }
        if (!Boolean.TRUE.equals(attributes.get("isRegularFile"))) {
            return new Verdict.NotBelieved(Ignored.Why.NOT_A_FILE);
        }
        if (((Number) Objects.requireNonNull(attributes.get("size"))).longValue() > RecordShelf.SIZE_LIMIT) {
            return new Verdict.NotBelieved(Ignored.Why.TOO_LARGE);
        }
        Optional<Long> processOwner = processes.owner(pid);
        Optional<String> start = shelf.startIdentity(pid);
        if (processOwner.isEmpty() || start.isEmpty()) {
            return new Verdict.NotBelieved(Ignored.Why.PROCESS_GONE);
        }
        long fileOwner = ((Number) Objects.requireNonNull(attributes.get("uid"))).longValue();
        if (fileOwner != folderUid || fileOwner != processOwner.get()) {
            return new Verdict.NotBelieved(Ignored.Why.OTHER_OWNER);
        }
        Optional<byte[]> bytes = BoundedRead.read(file, RecordShelf.SIZE_LIMIT, READ_LIMIT);
        if (bytes.isEmpty()) {
            return new Verdict.NotBelieved(Ignored.Why.UNREADABLE);
        }
        KernelRecord record;
        try {
            record = RecordFormat.record(new String(bytes.get(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return new Verdict.NotBelieved(Ignored.Why.MALFORMED);
        }
        if (record.pid() != pid) {
            return new Verdict.NotBelieved(Ignored.Why.MALFORMED);
        }
        if (!record.startIdentity().equals(start.get())) {
            return new Verdict.NotBelieved(Ignored.Why.OTHER_START);
        }
        return new Verdict.Believed(new NeighbourKernel(record, processes.identify(pid)));
    }
}
