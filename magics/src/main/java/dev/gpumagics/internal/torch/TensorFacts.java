package dev.gpumagics.internal.torch;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One tensor as far as memory goes. Two tensors with the same {@code storageKey} share their bytes.
 *
 * @param storageKey the address of the libtorch StorageImpl: the identity of the memory, not of the view
 * @param storageBytes bytes of the whole storage (a view of 1 element of a 1 GiB storage holds 1 GiB)
 * @param device as libtorch prints it: {@code cpu}, {@code cuda:0}
 * @param onGpu whether the storage is in device memory
 * @param dtype as PyTorch names it: {@code float32}, {@code int64}
 * @param shape the sizes, or null when not asked for
 * @param gradient the tensor's {@code .grad()}, held by its autograd metadata, or null when it has none
 */
public record TensorFacts(
        long storageKey,
        long storageBytes,
        String device,
        boolean onGpu,
        String dtype,
        @Nullable List<Long> shape,
        @Nullable TensorFacts gradient) {}
