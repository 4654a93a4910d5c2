/**
 * GpuMagics' own Jupyter messaging layer: the connection file and {@link dev.gpumagics.jupyter.server.KernelServer},
 * which binds a kernel's five sockets and serves a {@link dev.gpumagics.jupyter.kernel.LanguageKernel}.
 */
@NullMarked
package dev.gpumagics.jupyter;

import org.jspecify.annotations.NullMarked;
