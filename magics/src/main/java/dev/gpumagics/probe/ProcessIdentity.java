package dev.gpumagics.probe;

import java.util.Optional;

/**
 * Who a GPU process is, as /proc tells it.
 *
 * @param visible false where /proc has no such pid: in a container, NVML lists the host's pids
 * @param user the owner's name as the system's user database (NSS) gives it, or {@code uid N} where it names nobody
 * @param command the command line, spaces between arguments
 */
public record ProcessIdentity(long pid, boolean visible, Optional<String> user, Optional<String> command) {

    public static ProcessIdentity notVisible(long pid) {
        return new ProcessIdentity(pid, false, Optional.empty(), Optional.empty());
    }
}
