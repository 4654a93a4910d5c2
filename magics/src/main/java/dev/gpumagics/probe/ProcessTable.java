package dev.gpumagics.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Looks processes up in /proc. A process that is gone or hidden is an ordinary answer. */
public final class ProcessTable {

    private static final int COMMAND_LIMIT = 200;
    private final Path proc;
    private final Path passwd;

    public ProcessTable(Path proc, Path passwd) {
        this.proc = proc;
        this.passwd = passwd;
    }

    public static ProcessTable system() {
        return new ProcessTable(Path.of("/proc"), Path.of("/etc/passwd"));
    }

    public ProcessIdentity identify(long pid) {
        Path dir = proc.resolve(Long.toString(pid));
        if (!Files.isDirectory(dir)) {
            return ProcessIdentity.notVisible(pid);
        }
        return new ProcessIdentity(pid, true, owner(dir).map(this::userName), command(dir));
    }

    /** The real uid: the first number on the Uid: line of /proc/PID/status. */
    public Optional<Long> owner(long pid) {
        return owner(proc.resolve(Long.toString(pid)));
    }

    private Optional<Long> owner(Path dir) {
        try {
            for (String line : Files.readAllLines(dir.resolve("status"))) {
                if (line.startsWith("Uid:")) {
                    return Optional.of(Long.parseLong(line.substring(4).trim().split("\\s+")[0]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone between the listing and the read, or not ours to read
        }
        return Optional.empty();
    }

    private Optional<String> command(Path dir) {
        try {
            byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
            String command = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
            if (command.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(command.length() > COMMAND_LIMIT ? command.substring(0, COMMAND_LIMIT - 3) + "..." : command);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private String userName(long uid) {
        return users().getOrDefault(uid, "uid " + uid);
    }

    private Map<Long, String> users() {
        Map<Long, String> users = new HashMap<>();
        try {
            for (String line : Files.readAllLines(passwd)) {
                String[] fields = line.split(":");
                if (fields.length > 2) {
                    try {
                        users.put(Long.parseLong(fields[2]), fields[0]);
                    } catch (NumberFormatException e) {
                        // a malformed line names nobody
                    }
                }
            }
        } catch (IOException e) {
            // no passwd file: uids stay numbers
        }
        return users;
    }
}
