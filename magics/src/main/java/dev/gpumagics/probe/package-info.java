/** What is measured: NVML, nvidia-smi, the libtorch allocator, CUDA contexts, host memory and processes; each probe answers with a {@link dev.gpumagics.probe.value.Probed} value and never throws. */
@NullMarked
package dev.gpumagics.probe;

import org.jspecify.annotations.NullMarked;
