package dev.gpumagics.neighbours;

import dev.gpumagics.context.checkpoint.ProcessOwners;
import dev.gpumagics.probe.ProcessTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the kernels' records live, and a kernel's own side of it: publishing its record, taking it back, and clearing
 * its user's records of kernels that ended without taking theirs back.
 *
 * <p>Each user's records are in a folder of that user's own, {@code gpumagics-kernels-UID} (mode 755: everyone reads,
 * only its owner writes), inside one shared parent, {@code /dev/shm} by default. {@code /dev/shm} is shared by every
 * process on the host, a Jupyter server under systemd with {@code PrivateTmp=yes} included (which gets a {@code /tmp}
 * of its own, where nobody outside would see its kernels' records); it is root's, world-writable with the sticky bit,
 * so nobody can rename or remove another user's folder; and it is memory, emptied at boot, when every record is stale
 * anyway. {@code GPUMAGICS_KERNELS_DIR} names another parent, for every kernel and reader alike: it must be root's (or
 * the reader's own), and sticky where others may write to it, or a reader refuses it.
 */
public final class RecordShelf {

    public static final String DIRECTORY_VARIABLE = "GPUMAGICS_KERNELS_DIR";
    public static final Path DEFAULT_PARENT = Path.of("/dev/shm");
    /** rwxr-xr-x: everyone reads a user's records, only that user writes them. */
    static final int USER_FOLDER_MODE = 0755;
    /** rw-r--r--. */
    static final int RECORD_MODE = 0644;
    static final int SIZE_LIMIT = 64 * 1024;
    static final String FOLDER_PREFIX = "gpumagics-kernels-";
    private static final Pattern FOLDER_NAME = Pattern.compile(Pattern.quote(FOLDER_PREFIX) + "(\\d{1,10})");
    private static final Pattern RECORD_NAME = Pattern.compile("kernel-(\\d{1,10})\\.json");
    private static final String PARTIAL_PREFIX = ".kernel-";

    private final Path parent;
    private final Path proc;
    private final int ownUid;

    /**
     * @param parent where each user's folder is
     * @param proc {@code /proc}, or a stand-in for tests
     * @param ownUid the user this process writes as
     */
    public RecordShelf(Path parent, Path proc, int ownUid) {
        this.parent = parent;
        this.proc = proc;
        this.ownUid = ownUid;
    }

    /** The parent the environment names, on this machine's /proc, as the user this process runs as. */
    public static RecordShelf system() {
        return new RecordShelf(parent(System.getenv()), Path.of("/proc"),
                ProcessOwners.proc().ownUid());
    }

    public static Path parent(Map<String, String> env) {
        String named = env.getOrDefault(DIRECTORY_VARIABLE, "").strip();
        return named.isEmpty() ? DEFAULT_PARENT : Path.of(named);
    }

    public Path parent() {
        return parent;
    }

    int ownUid() {
        return ownUid;
    }

    /** The folder of one user's records. */
    public Path folderOf(long uid) {
        return parent.resolve(FOLDER_PREFIX + uid);
    }

    /** The reader over this parent; {@code processes} tells who owns a pid and who that is. */
    public RecordReader reader(ProcessTable processes) {
        return new RecordReader(this, processes);
    }

    /** The identity a record must carry for the process {@code pid} to be believed: this boot's id and its start tick. */
    public Optional<String> startIdentity(long pid) {
        return new ProcessTable(proc).lifetimeId(pid);
    }



    static Path fileOf(Path folder, long pid) {
        return folder.resolve("kernel-" + pid + ".json");
    }

    /** The pid a file's name gives, if it is a record's name. */
    static Optional<Long> pidOf(Path file) {
        Matcher matcher = RECORD_NAME.matcher(file.getFileName().toString());
        return matcher.matches() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
    }

    /** The uid a folder's name gives, if it is a user's folder. */
    static Optional<Long> uidOf(Path folder) {
        Matcher matcher = FOLDER_NAME.matcher(folder.getFileName().toString());
        return matcher.matches() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
    }

    /** Writes the record whole, then renames it into place: a reader sees the old record or the new, never half of one. */
    public Publication publish(KernelRecord record) {
        Path folder = folderOf(ownUid);
        Optional<String> unusable = ensureOwnFolder(folder);
        if (unusable.isPresent()) {
            return new Publication.NotPublished(unusable.get());
        }
        Path target = fileOf(folder, record.pid());
        Path partial = folder.resolve(PARTIAL_PREFIX + record.pid() + "." + System.nanoTime() + ".partial");
        try {
            Files.writeString(partial, RecordFormat.text(record), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            Files.setAttribute(partial, "unix:mode", RECORD_MODE, LinkOption.NOFOLLOW_LINKS);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Publication.Published(target);
        } catch (IOException | UnsupportedOperationException e) {
            deleteQuietly(partial);
            return new Publication.NotPublished("cannot write " + target + ": " + reason(e));
        }
    }

    /** Takes this process's record back, as the kernel ends. */
    public void withdraw(long pid) {
        deleteQuietly(fileOf(folderOf(ownUid), pid));
    }

    /** Removes this user's records whose kernel ended without taking its record back (killed, crashed), and old partial files. */
    public void sweep(Instant now) {
        Path folder = folderOf(ownUid);
        try (var files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                Optional<Long> pid = pidOf(file);
                boolean oldPartial = name.startsWith(PARTIAL_PREFIX) && name.endsWith(".partial")
                        && ((FileTime) Files.getAttribute(file, "lastModifiedTime", LinkOption.NOFOLLOW_LINKS)).toInstant()
                                .isBefore(now.minus(Duration.ofMinutes(1)));
                if (oldPartial || (pid.isPresent() && !live(file, pid.get()))) {
                    deleteQuietly(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            // sweeping is tidiness: a reader ignores a stale record anyway
        }
    }

    /** Whether a record names a process that still runs with the start it recorded. */
    private boolean live(Path file, long pid) {
        Optional<String> now = startIdentity(pid);
        if (now.isEmpty()) {
            return false;
        }
        Optional<byte[]> bytes = BoundedRead.read(file, SIZE_LIMIT, Duration.ofSeconds(1));
        try {
            return bytes.isPresent() && RecordFormat.record(new String(bytes.get(), StandardCharsets.UTF_8)).startIdentity().equals(now.get());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Makes this user's folder if it is missing; empty when records can go there, else why not. */
    private Optional<String> ensureOwnFolder(Path folder) {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Map<String, Object> attributes = Files.readAttributes(folder, "unix:isDirectory,isSymbolicLink,uid,mode", LinkOption.NOFOLLOW_LINKS);
                if (!Boolean.TRUE.equals(attributes.get("isDirectory")) || Boolean.TRUE.equals(attributes.get("isSymbolicLink"))) {
                    return Optional.of(folder + " is not a folder (a link or a file is in its place): no record is published;"
                            + " remove it to publish again");
                }
                if (!Integer.valueOf(ownUid).equals(attributes.get("uid"))) {
                    return Optional.of(folder + " belongs to uid " + attributes.get("uid") + ", not to this user (uid " + ownUid
                            + "): no record is published, and readers ignore that folder; root can remove it");
                }
                if ((((Number) Objects.requireNonNull(attributes.get("mode"))).intValue() & 07777) != USER_FOLDER_MODE) {
                    Files.setAttribute(folder, "unix:mode", USER_FOLDER_MODE, LinkOption.NOFOLLOW_LINKS);
                }
                return Optional.empty();
            } catch (NoSuchFileException e) {
                try {
                    Files.createDirectory(folder);
                    Files.setAttribute(folder, "unix:mode", USER_FOLDER_MODE, LinkOption.NOFOLLOW_LINKS);
                } catch (FileAlreadyExistsException raced) {
                    // another kernel of this user made it meanwhile: look again
                } catch (IOException | UnsupportedOperationException made) {
                    return Optional.of("cannot make " + folder + ": " + reason(made));
                }
            } catch (IOException | UnsupportedOperationException e) {
                return Optional.of("cannot use " + folder + ": " + reason(e));
            }
        }
        return Optional.of("cannot make " + folder);
    }

    static String reason(Exception e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // gone already: nothing to take back
        }
    }
}
