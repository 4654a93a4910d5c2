package dev.gpumagics.metrics;

import dev.gpumagics.oom.Cause;
import dev.gpumagics.oom.Diagnosis;
import java.util.Locale;

/** The one cause an allocation failure is counted under: the diagnosis' likeliest, as a tag value. */
public enum FailureCause {
    /** The service's own tensors (or the autograd graphs their variables keep) hold the memory. */
    VARIABLES,
    /** libtorch's allocator holds memory no tensor uses: its cache, or pieces of segments live tensors still use. */
    CACHE_FRAGMENTATION,
    /** Other processes hold the device. */
    OTHER_PROCESSES,
    /** The CUDA context and the libraries' workspaces. */
    CONTEXT,
    /** The request alone is more than the device has. */
    TOO_LARGE,
    /** The diagnosis found no cause (a part it needed could not be read). */
    UNDIAGNOSED;

    public static FailureCause of(Diagnosis diagnosis) {
        if (diagnosis.causes().isEmpty()) {
            return UNDIAGNOSED;
        }
        Cause likeliest = diagnosis.causes().get(0);
        if (likeliest instanceof Cause.VariablesHold || likeliest instanceof Cause.AutogradHistory) {
            return VARIABLES;
        } else if (likeliest instanceof Cause.CacheHeld) {
            return CACHE_FRAGMENTATION;
        } else if (likeliest instanceof Cause.OthersHold) {
            return OTHER_PROCESSES;
        } else if (likeliest instanceof Cause.ContextAndLibraries) {
            return CONTEXT;
        } else if (likeliest instanceof Cause.RequestTooLarge) {
            return TOO_LARGE;
        }
        return UNDIAGNOSED;
    }

    /** As the {@code cause} tag writes it: {@code cache_fragmentation}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
