/** Deliberate violations of the glue rules, for the test that shows the rules catch them. */
@NullMarked
package dev.gpumagics.layering.stray;

import org.jspecify.annotations.NullMarked;
