package dev.gpumagics.report;

import dev.gpumagics.look.Hint;
import dev.gpumagics.units.Bytes;

/** The words of a report's hints, one sentence each, the same in text, HTML and JSON. */
public final class Hints {

    private Hints() {}

    public static String text(Hint hint) {
        if (hint instanceof Hint.CacheToGiveBack cache) {
            return "libtorch's allocator caches " + Bytes.human(cache.cachedBytes())
                    + " that no tensor uses: %gpufree --cache gives it back to other processes.";
        }
        if (hint instanceof Hint.ContextToPark context) {
            return Bytes.human(context.contextBytes())
                    + " is the CUDA context and libraries' workspaces: no cache release frees it; %gpususpend parks it in host memory.";
        }
        if (hint instanceof Hint.ParkAll all) {
            return "%gpususpend parks all " + Bytes.human(all.processBytes()) + " this kernel holds in host memory, its CUDA context included.";
        }
        return "This kernel holds a CUDA context but has no row in the driver's process list:"
                + " in a container, the driver lists the host's pids.";
    }
}
