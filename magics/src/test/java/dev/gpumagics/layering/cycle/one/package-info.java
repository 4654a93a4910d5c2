/** Half of a deliberate package cycle, for the test that shows the cycle rule catches one. */
@NullMarked
package dev.gpumagics.layering.cycle.one;

import org.jspecify.annotations.NullMarked;
