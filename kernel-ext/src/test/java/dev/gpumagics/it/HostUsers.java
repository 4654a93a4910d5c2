package dev.gpumagics.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Real users of this host for a test: made with useradd (and removed with userdel afterwards, if the test made them),
 * and commands run as them. As root through setpriv; otherwise through passwordless sudo; where neither is to be had,
 * {@link #why()} says so and the test skips. CI runs as root, or as a user with sudo, which .ci/run already needs.
 */
final class HostUsers implements AutoCloseable {

    record User(String name, int uid, int gid) {}

    private final boolean root;
    private final List<String> made = new ArrayList<>();

    private HostUsers(boolean root) {
        this.root = root;
    }

    /** The users' side of this host, or why a test cannot have it here. */
    static HostUsers open() {
        return new HostUsers(isRoot());
    }

    static Optional<String> why() {
        if (!Files.isExecutable(Path.of("/usr/sbin/useradd")) || !Files.isExecutable(Path.of("/usr/sbin/userdel"))) {
            return Optional.of("no /usr/sbin/useradd and userdel here (Debian's passwd package)");
        }
        if (isRoot()) {
            return Files.isExecutable(Path.of("/usr/bin/setpriv")) ? Optional.empty() : Optional.of("no /usr/bin/setpriv (util-linux)");
        }
        try {
            Process sudo = new ProcessBuilder("sudo", "-n", "true").redirectErrorStream(true).start();
            if (sudo.waitFor(20, TimeUnit.SECONDS) && sudo.exitValue() == 0) {
                return Optional.empty();
            }
            sudo.destroyForcibly();
        } catch (IOException e) {
            // no sudo at all: said below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.of("making users needs root or passwordless sudo, and this runs as " + System.getProperty("user.name") + " without either");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The user of that name, made if it does not exist yet. */
    User ensure(String name) throws Exception {
        if (run(List.of("id", "-u", name)).exit() != 0) {
            privileged("/usr/sbin/useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", "--user-group", name);
            made.add(name);
        }
        return new User(name, Integer.parseInt(run(List.of("id", "-u", name)).out().strip()), Integer.parseInt(run(List.of("id", "-g", name)).out().strip()));
    }

    /** Runs a command as root (directly, or through sudo); it must succeed. */
    void privileged(String... command) throws Exception {
        List<String> full = new ArrayList<>();
        if (!root) {
            full.addAll(List.of("sudo", "-n"));
        }
        full.addAll(List.of(command));
        Jupyter.Result result = run(full);
        if (result.exit() != 0) {
            throw new IllegalStateException(String.join(" ", full) + " failed: " + result);
        }
    }

    /** The command line that runs {@code command} as {@code user} with exactly {@code env} as its environment. */
    List<String> as(User user, Map<String, String> env, List<String> command) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("/usr/bin/setpriv", "--reuid=" + user.uid(), "--regid=" + user.gid(), "--clear-groups"));
        } else {
            full.addAll(List.of("sudo", "-n", "-u", user.name()));
        }
        full.addAll(List.of("/usr/bin/env", "-i"));
        env.forEach((key, value) -> full.add(key + "=" + value));
        full.addAll(command);
        return full;
    }

    /** Whether the command, run as this user, exits 0. */
    static boolean succeeds(List<String> command) throws IOException, InterruptedException {
        return run(command).exit() == 0;
    }

    /** Runs it in a folder of its own, removed afterwards with the output files {@link Jupyter#run} leaves there. */
    private static Jupyter.Result run(List<String> command) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("gpumagics-users-cmd");
        try {
            return Jupyter.run(command, work, null);
        } finally {
            try (var files = Files.list(work)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.delete(file);
                }
            }
            Files.delete(work);
        }
    }

    /** Removes the users this made, and their groups. */
    @Override
    public void close() throws Exception {
        for (String name : made) {
            privileged("/usr/sbin/userdel", name);
        }
        made.clear();
    }
}
