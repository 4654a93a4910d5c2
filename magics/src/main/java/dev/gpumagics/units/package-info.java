/** Human units for bytes, binary as nvidia-smi's MiB: for the renderers, and for the exception messages the engine must word. */
@NullMarked
package dev.gpumagics.units;

import org.jspecify.annotations.NullMarked;
