package dev.gpumagics.probe;

import java.util.Optional;

/**
 * Who a GPU process is, as /proc tells it.
 *
 * @param visible false where /proc has no such pid: in a container, NVML lists the host's pids
 * @param user the owner's name, or {@code uid N} where /etc/passwd does not name it
 * @param command the command line, spaces between arguments
 */
public record ProcessIdentity(long pid, boolean visible, Optional<String> user, Optional<String> command) {

    public static ProcessIdentity notVisible(long pid) {
        return new ProcessIdentity(pid, false, Optional.empty(), Optional.empty());
    }
}
