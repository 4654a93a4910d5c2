package dev.gpumagics.oom;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One allocation that failed, as its message tells it. Each figure is the message's own, to the precision it
 * was printed with (libtorch prints two decimals: {@code 12.50 MiB}); a figure the message does not carry is
 * absent, never worked out from the others.
 *
 * @param source which allocator refused
 * @param message the line that says so, without the C++ backtrace libtorch appends
 * @param thrownAs the class of the exception whose message it was
 * @param requestedBytes what was asked for ({@code Tried to allocate X}, {@code you tried to allocate N bytes})
 * @param device the CUDA ordinal ({@code GPU N})
 * @param totalBytes the device's capacity ({@code total capacity})
 * @param freeBytes what CUDA said was free on the device when it failed ({@code free}, {@code of which F is free})
 * @param processBytes all this process used on the device, libtorch's and every other library's
 *     ({@code this process has M memory in use}, PyTorch 2.x)
 * @param allocatedBytes in live tensors ({@code already allocated}, {@code is allocated by PyTorch})
 * @param reservedBytes all the allocator held, live or cached ({@code reserved in total by PyTorch}, 1.x)
 * @param cachedBytes held by the allocator but in no tensor ({@code cached} in 1.x, {@code reserved by PyTorch
 *     but unallocated} in 2.x): after libtorch has released every cached block it could, pieces of segments
 *     that live tensors still use
 * @param allowedBytes the cap a per-process memory fraction set ({@code allowed})
 * @param otherProcesses the processes the message names ({@code Process P has Q}); empty when it names none
 *     but lists this one; absent when it says nothing about processes
 * @param allocConfVariable the environment variable the message names for the allocator's settings
 *     ({@code PYTORCH_CUDA_ALLOC_CONF}; newer libtorch says {@code PYTORCH_ALLOC_CONF})
 * @param cudaError the CUDA error's name, for a failure reported as one ({@code cudaErrorMemoryAllocation})
 */
public record AllocationFailure(
        Source source,
        String message,
        String thrownAs,
        OptionalLong requestedBytes,
        OptionalInt device,
        OptionalLong totalBytes,
        OptionalLong freeBytes,
        OptionalLong processBytes,
        OptionalLong allocatedBytes,
        OptionalLong reservedBytes,
        OptionalLong cachedBytes,
        OptionalLong allowedBytes,
        Optional<List<NamedProcess>> otherProcesses,
        Optional<String> allocConfVariable,
        Optional<String> cudaError) {

    public AllocationFailure {
        otherProcesses = otherProcesses.map(List::copyOf);
    }

    /** Reserved but unallocated: as the message says it, or the difference of the two figures it gives. */
    public OptionalLong cacheBytes() {
        if (cachedBytes.isPresent()) {
            return cachedBytes;
        }
        if (reservedBytes.isPresent() && allocatedBytes.isPresent()) {
            return OptionalLong.of(Math.max(0, reservedBytes.getAsLong() - allocatedBytes.getAsLong()));
        }
        return OptionalLong.empty();
    }

    /** All the allocator held: as the message says it, or allocated and cached together. */
    public OptionalLong reservedTotalBytes() {
        if (reservedBytes.isPresent()) {
            return reservedBytes;
        }
        if (allocatedBytes.isPresent() && cachedBytes.isPresent()) {
            return OptionalLong.of(allocatedBytes.getAsLong() + cachedBytes.getAsLong());
        }
        return OptionalLong.empty();
    }

    /** How much more than was free the request asked for; absent where either figure is, or nothing was short. */
    public OptionalLong shortBytes() {
        if (requestedBytes.isEmpty() || freeBytes.isEmpty() || requestedBytes.getAsLong() <= freeBytes.getAsLong()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(requestedBytes.getAsLong() - freeBytes.getAsLong());
    }
}
