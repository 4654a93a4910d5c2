/** The layering rules of our packages, and the proof that each catches a violation. */
@NullMarked
package dev.gpumagics.layering;

import org.jspecify.annotations.NullMarked;
