/**
 * GPU memory in a JVM service's own metrics: a Micrometer {@code MeterBinder} over the plain API ({@code GpuMemory} and
 * its diagnoser). A scrape reads what exists and loads nothing: no libtorch, no CUDA context.
 */
@NullMarked
package dev.gpumagics.metrics;

import org.jspecify.annotations.NullMarked;
