/** Finding a batch size that fits: run a step, and on an allocation failure give memory back, halve and retry. */
@NullMarked
package dev.gpumagics.batch;

import org.jspecify.annotations.NullMarked;
