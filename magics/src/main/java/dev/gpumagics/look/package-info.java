/** One look at where memory is: the MemoryReport record, put together from the probes' answers, in figures; report words it. */
@NullMarked
package dev.gpumagics.look;

import org.jspecify.annotations.NullMarked;
