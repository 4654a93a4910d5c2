/** Which packages may import a kernel library: the layering rules and their proof. */
@NullMarked
package dev.gpumagics.layering;

import org.jspecify.annotations.NullMarked;
