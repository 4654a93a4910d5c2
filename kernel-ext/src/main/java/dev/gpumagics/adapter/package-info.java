/**
 * The adapters that bind the GPU magics to each kernel: the only code of ours that imports a kernel
 * library (basekernel, jjava-jupyter), as a test enforces.
 */
@NullMarked
package dev.gpumagics.adapter;

import org.jspecify.annotations.NullMarked;
