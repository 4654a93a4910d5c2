package dev.gpumagics.report;

import dev.gpumagics.look.Hint;
import dev.gpumagics.units.Bytes;

/** The words of a report's hints, one sentence each, the same in text, HTML and JSON. */
public final class Hints {

    private Hints() {}

    private static String memoryNotReported(Hint.MemoryNotReported unknown) {
        StringBuilder out = new StringBuilder("memory N/A: the driver gives no figure for this device's memory. A unified-memory"
                + " device (DGX Spark's GB10) uses the host's: tensors can still get what the host has available");
        unknown.hostAvailableBytes().ifPresent(b -> out.append(" (").append(Bytes.human(b)).append(')'));
        out.append("; this kernel's share there is libtorch's count (");
        out.append(unknown.kernelReservedBytes().isPresent() ? Bytes.human(unknown.kernelReservedBytes().getAsLong()) + " reserved" : "none yet");
        return out.append(").").toString();
    }

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
        if (hint instanceof Hint.MemoryNotReported unknown) {
            return memoryNotReported(unknown);
        }
        return "This kernel holds a CUDA context but has no row in the driver's process list:"
                + " in a container, the driver lists the host's pids.";
    }
}
