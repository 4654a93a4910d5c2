/** The other end of a deliberate package cycle across the two modules. */
@NullMarked
package dev.gpumagics.layering.cycle.three;

import org.jspecify.annotations.NullMarked;
