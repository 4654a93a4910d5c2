package dev.gpumagics.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Looks processes up in /proc: the one place that reads {@code /proc/PID}. A process that is gone or hidden is an
 * ordinary answer. Numbers and ids are read as ISO-8859-1 ({@link ProcKibFields}), which decodes any byte; text for
 * people (a command line) as UTF-8 with each invalid byte shown as U+FFFD: argv is bytes, not always UTF-8.
 */
public final class ProcessTable {

    private static final int COMMAND_LIMIT = 200;
    private final Path proc;

    public ProcessTable(Path proc) {
        this.proc = proc;
    }

    public static ProcessTable system() {
        return new ProcessTable(Path.of("/proc"));
    }

    public ProcessIdentity identify(long pid) {
        Path dir = proc.resolve(Long.toString(pid));
        if (!Files.isDirectory(dir)) {
            return ProcessIdentity.notVisible(pid);
        }
        return new ProcessIdentity(pid, true, owner(pid).map(uid -> userName(dir, uid)), command(pid));
    }

    /** The real uid: the first number on the Uid: line of /proc/PID/status. */
    public Optional<Long> owner(long pid) {
        var uid = ProcKibFields.read(proc.resolve(pid + "/status"), List.of("Uid")).number("Uid");
        return uid.isPresent() ? Optional.of(uid.getAsLong()) : Optional.empty();
    }

    /** The arguments the process was started with ({@code /proc/PID/cmdline}); empty when gone, unreadable or a kernel thread. */
    public List<String> arguments(long pid) {
        return nulSeparated(proc.resolve(pid + "/cmdline"));
    }

    /** Its environment as {@code NAME=value} ({@code /proc/PID/environ}); empty when it is not ours to read. */
    public List<String> environment(long pid) {
        return nulSeparated(proc.resolve(pid + "/environ"));
    }

    /**
     * A process's identity for as long as the machine runs: this boot's id and the process's start time in clock
     * ticks since boot, field 22 of {@code /proc/PID/stat}. The JDK's start instant is not used: it is derived from
     * the boot time, which moves when the wall clock is stepped.
     */
    public Optional<String> lifetimeId(long pid) {
        try {
            String boot = Files.readString(proc.resolve("sys/kernel/random/boot_id"), StandardCharsets.ISO_8859_1).strip();
            String stat = Files.readString(proc.resolve(pid + "/stat"), StandardCharsets.ISO_8859_1);
            // the command name, field 2, is in parentheses and may hold spaces, parentheses and any byte itself
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(boot + "-" + Long.parseLong(after[19]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<String> command(long pid) {
        String command = String.join(" ", arguments(pid)).strip();
        if (command.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(command.length() > COMMAND_LIMIT ? command.substring(0, COMMAND_LIMIT - 3) + "..." : command);
    }

    /** A NUL-separated file, each part decoded as UTF-8 with invalid bytes replaced (the String constructor never fails). */
    private static List<String> nulSeparated(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\0"));
        } catch (IOException | RuntimeException e) {
            return List.of(); // gone between the listing and the read, or not ours to read
        }
    }

    /**
     * The name the system's user database gives the uid (NSS: /etc/passwd, LDAP, SSSD, extrausers), else {@code uid N}.
     * The JDK names a file's owner through getpwuid_r, so the name comes from the directory {@code /proc/PID}, whose
     * owner is the process's effective uid; where that is not the real uid (setuid, or an undumpable process, whose
     * directory root owns) the number stays, rather than another user's name.
     */
    private static String userName(Path dir, long uid) {
        try {
            Map<String, Object> owner = Files.readAttributes(dir, "unix:uid,owner");
            if (owner.get("uid") instanceof Integer dirUid && dirUid == uid && owner.get("owner") instanceof UserPrincipal user
                    && !user.getName().equals(Long.toString(uid))) { // the JDK's name for a uid NSS does not know is the number
                return user.getName();
            }
        } catch (IOException | RuntimeException e) {
            // gone meanwhile, or a file system without owners: the number stays
        }
        return "uid " + uid;
    }
}
