package dev.gpumagics.internal.torch;

/** What a value is to libtorch, as far as giving memory back is concerned. */
public enum TorchKind {
    TENSOR,
    MODULE,
    OPTIMIZER,
    /** Any other JavaCPP torch object (vectors, options, ...): its memory is not ours to count or free. */
    OTHER_TORCH,
    NONE
}
