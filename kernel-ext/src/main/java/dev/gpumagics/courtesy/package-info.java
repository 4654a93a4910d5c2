/**
 * A kernel's place on a shared host, hooked into each of the three kernels: its record for the others (published as
 * it starts, kept up to date, taken back as it ends) and, in our kernel, the idle courtesy around each cell. The
 * engine parts are in {@code dev.gpumagics.neighbours} and {@code dev.gpumagics.idle}, which know no kernel.
 */
@NullMarked
package dev.gpumagics.courtesy;

import org.jspecify.annotations.NullMarked;
