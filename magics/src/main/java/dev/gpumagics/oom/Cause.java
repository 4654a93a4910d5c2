package dev.gpumagics.oom;

import dev.gpumagics.look.OtherProcess;
import java.util.List;
import java.util.OptionalLong;

/** One reason the memory was not there, with its figures; the words are the renderers'. */
public sealed interface Cause {

    /** The bytes it accounts for, to put the likeliest first; absent where nothing counts them. */
    OptionalLong bytes();

    /**
     * The request alone is more than the place has: no freeing helps, only a smaller request.
     *
     * @param capacityBytes the device's capacity, or on the host what is available
     * @param ofDevice whether the capacity is a device's total (else the host's available memory)
     */
    record RequestTooLarge(long requestedBytes, long capacityBytes, boolean ofDevice) implements Cause {
        @Override
        public OptionalLong bytes() {
            return OptionalLong.of(requestedBytes);
        }
    }

    /**
     * This kernel's variables hold memory there, counted per storage as {@code %gpumem --vars} counts it.
     *
     * @param totalBytes every storage there that a variable reaches, each once
     * @param largest the largest holders, most first
     * @param holderCount how many variables hold memory there
     * @param shortBytes how much the request lacked, where the failure says
     */
    record VariablesHold(long totalBytes, List<Holder> largest, int holderCount, OptionalLong shortBytes) implements Cause {
        public VariablesHold {
            largest = List.copyOf(largest);
        }

        @Override
        public OptionalLong bytes() {
            return OptionalLong.of(totalBytes);
        }

        /** Whether freeing them all would have made room for the request. */
        public boolean wouldCover() {
            return shortBytes.isPresent() && totalBytes >= shortBytes.getAsLong();
        }
    }

    /**
     * One variable and what it holds there.
     *
     * @param sharedWith other variables that reach some of the same storages
     */
    record Holder(String name, String type, long bytes, List<String> sharedWith) {
        public Holder {
            sharedWith = List.copyOf(sharedWith);
        }
    }

    /** Variables whose tensors carry autograd history: the graphs keep saved tensors alive that no count shows. */
    record AutogradHistory(List<HistoryHolder> variables) implements Cause {
        public AutogradHistory {
            variables = List.copyOf(variables);
        }

        @Override
        public OptionalLong bytes() {
            return OptionalLong.empty();
        }
    }

    /** @param gradFunctions the graph nodes that made its tensors ({@code AddBackward0}) */
    record HistoryHolder(String name, int tensorsWithHistory, List<String> gradFunctions) {
        public HistoryHolder {
            gradFunctions = List.copyOf(gradFunctions);
        }
    }

    /**
     * libtorch's allocator holds memory that no tensor uses.
     *
     * @param atFailure whether the figure is the failure's own (what was left after libtorch had released every
     *     cached block it could: pieces of segments live tensors still use) or read from the allocator now
     * @param allocConfVariable the variable that sets the allocator's options, as the failure names it
     * @param expandableSegmentsSet whether this process already runs with expandable segments
     */
    record CacheHeld(long cacheBytes, boolean atFailure, String allocConfVariable, boolean expandableSegmentsSet) implements Cause {
        @Override
        public OptionalLong bytes() {
            return OptionalLong.of(cacheBytes);
        }
    }

    /**
     * Other processes hold the device; only they can give it back.
     *
     * @param processes largest first
     * @param fromFailure whether they are the failure's list (the probes could not see the device now)
     */
    record OthersHold(long totalBytes, List<OtherProcess> processes, boolean fromFailure) implements Cause {
        public OthersHold {
            processes = List.copyOf(processes);
        }

        @Override
        public OptionalLong bytes() {
            return OptionalLong.of(totalBytes);
        }
    }

    /**
     * This process's use beyond the allocator's: the CUDA context and the libraries' workspaces.
     *
     * @param atFailure whether worked out from the failure's figures, else from the probes now
     */
    record ContextAndLibraries(long contextBytes, boolean atFailure) implements Cause {
        @Override
        public OptionalLong bytes() {
            return OptionalLong.of(contextBytes);
        }
    }
}
