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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;

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
        List<NeighbourKernel> kernels = new ArrayList<>();
        judgeAll(List.of(new Candidate(RecordShelf.fileOf(folder, pid), pid, owner.get())), kernels, new ArrayList<>());
        return kernels.stream().findFirst();
    }

    /** Every record under the parent, believed or not; none when no kernel has published yet. */
    public ShelfListing list() {
        Optional<String> problem = parentProblem();
        if (problem.isPresent()) {
            return new ShelfListing(List.of(), List.of(), problem);
        }
        List<NeighbourKernel> kernels = new ArrayList<>();
        List<Ignored> ignored = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
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
                candidates.addAll(recordsIn(folder, uid.get()));
            }
        } catch (IOException | RuntimeException e) {
            // not readable: nothing to show
        }
        judgeAll(candidates, kernels, ignored);
        kernels.sort(Comparator.comparingLong(kernel -> kernel.record().pid()));
        return new ShelfListing(kernels, ignored, Optional.empty());
    }

    /** A file that may be a record: its pid, and the uid its folder is named for. */
    private record Candidate(Path file, long pid, long folderUid) {}

    private static List<Candidate> recordsIn(Path folder, long uid) {
        List<Candidate> candidates = new ArrayList<>();
        try (var files = Files.newDirectoryStream(folder, "kernel-*.json")) {
            for (Path file : files) {
                RecordShelf.pidOf(file).ifPresent(pid -> candidates.add(new Candidate(file, pid, uid)));
            }
        } catch (IOException | RuntimeException e) {
            // a folder that went away meanwhile
        }
        return candidates;
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

    /** A file that passed the cheap checks, with the start its process has now. */
    private record Readable(Candidate candidate, String start) {}

    /** The cheap checks first (the file, the process, their owners) for every file; then all contents in one bounded read. */
    private void judgeAll(List<Candidate> candidates, List<NeighbourKernel> kernels, List<Ignored> ignored) {
        List<Readable> readable = new ArrayList<>();
        LongFunction<Optional<String>> starts = shelf::startIdentity;
        for (Candidate candidate : candidates) {
            Either checked = check(candidate, starts);
            if (checked.why().isPresent()) {
                ignored.add(new Ignored(candidate.file(), checked.why().get()));
            } else {
                checked.readable().ifPresent(readable::add);
            }
        }
        Map<Long, Optional<String>> users = new HashMap<>(); // one look-up per user, not per kernel
        Map<Path, byte[]> contents = BoundedRead.readAll(readable.stream().map(r -> r.candidate().file()).toList(), RecordShelf.SIZE_LIMIT, READ_LIMIT);
        for (Readable one : readable) {
            Path file = one.candidate().file();
            byte[] bytes = contents.get(file);
            if (bytes == null) {
                ignored.add(new Ignored(file, Ignored.Why.UNREADABLE));
                continue;
            }
            KernelRecord record;
            try {
                record = RecordFormat.record(new String(bytes, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                ignored.add(new Ignored(file, Ignored.Why.MALFORMED));
                continue;
            }
            if (record.pid() != one.candidate().pid()) {
                ignored.add(new Ignored(file, Ignored.Why.MALFORMED));
            } else if (!record.startIdentity().equals(one.start())) {
                ignored.add(new Ignored(file, Ignored.Why.OTHER_START));
            } else {
                kernels.add(new NeighbourKernel(record, users.computeIfAbsent(one.candidate().folderUid(),
                        uid -> processes.identify(record.pid()).user())));
            }
        }
    }

    /** A file ignored with why, or one to read, or neither (it is gone). */
    private record Either(Optional<Ignored.Why> why, Optional<Readable> readable) {
        static Either ignored(Ignored.Why why) {
            return new Either(Optional.of(why), Optional.empty());
        }
    }

    private Either check(Candidate candidate, LongFunction<Optional<String>> starts) {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(candidate.file(), "unix:uid,size,isRegularFile", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return new Either(Optional.empty(), Optional.empty());
        } catch (IOException | RuntimeException e) {
            return Either.ignored(Ignored.Why.UNREADABLE);
        }
        if (!Boolean.TRUE.equals(attributes.get("isRegularFile"))) {
            return Either.ignored(Ignored.Why.NOT_A_FILE);
        }
        if (((Number) Objects.requireNonNull(attributes.get("size"))).longValue() > RecordShelf.SIZE_LIMIT) {
            return Either.ignored(Ignored.Why.TOO_LARGE);
        }
        Optional<Long> processOwner = processes.owner(candidate.pid());
        Optional<String> start = starts.apply(candidate.pid());
        if (processOwner.isEmpty() || start.isEmpty()) {
            return Either.ignored(Ignored.Why.PROCESS_GONE);
        }
        long fileOwner = ((Number) Objects.requireNonNull(attributes.get("uid"))).longValue();
        if (fileOwner != candidate.folderUid() || fileOwner != processOwner.get()) {
            return Either.ignored(Ignored.Why.OTHER_OWNER);
        }
        return new Either(Optional.empty(), Optional.of(new Readable(candidate, start.get())));
    }
}
