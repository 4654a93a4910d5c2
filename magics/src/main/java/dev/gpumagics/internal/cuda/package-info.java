/** Not API: the CUDA driver API and NVML through the JavaCPP cuda preset, loaded once and only when asked. */
@NullMarked
package dev.gpumagics.internal.cuda;

import org.jspecify.annotations.NullMarked;
