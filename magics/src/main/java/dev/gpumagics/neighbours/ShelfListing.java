package dev.gpumagics.neighbours;

import java.util.List;
import java.util.Optional;

/**
 * Every record under the parent: those believed, by pid, and those not, with why.
 *
 * @param problem why no record at all was read, where the parent itself is not to be trusted
 */
public record ShelfListing(List<NeighbourKernel> kernels, List<Ignored> ignored, Optional<String> problem) {

    public ShelfListing {
        kernels = List.copyOf(kernels);
        ignored = List.copyOf(ignored);
    }
}
