/** How memory is given back: releasing tensors bound to variables, garbage collection and allocator cache release. */
@NullMarked
package dev.gpumagics.release;

import org.jspecify.annotations.NullMarked;
