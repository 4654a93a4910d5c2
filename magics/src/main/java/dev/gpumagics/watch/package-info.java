/**
 * Every cell's memory as it happens: what a cell changed on the host and on each GPU, its peak, the
 * variables it created or rebound, and samples while a long cell runs. Figures only; {@code report} words them.
 */
@NullMarked
package dev.gpumagics.watch;

import org.jspecify.annotations.NullMarked;
