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
 * @param requiresGrad whether autograd records operations on it ({@code requires_grad})
 * @param gradFunction the name of the autograd node that made it ({@code grad_fn}, e.g. {@code SumBackward0}),
 *     or null for a leaf or a tensor outside autograd: a tensor with one keeps the graph behind it alive,
 *     and with the graph every tensor it saved for the backward pass
 */
public record TensorFacts(
        long storageKey,
        long storageBytes,
        String device,
        boolean onGpu,
        String dtype,
        @Nullable List<Long> shape,
        @Nullable TensorFacts gradient,
        boolean requiresGrad,
        @Nullable String gradFunction) {

    /** Whether it keeps an autograd graph (and the tensors saved in it) alive. */
    public boolean keepsHistory() {
        return gradFunction != null;
    }
}
