/** Whether libtorch records autograd history: its grad mode, read and set for the thread that runs a cell. */
@NullMarked
package dev.gpumagics.autograd;

import org.jspecify.annotations.NullMarked;
