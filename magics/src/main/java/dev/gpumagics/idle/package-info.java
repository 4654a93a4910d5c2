/**
 * An idle kernel's courtesy to the others on its GPUs: when this process counts as idle (no cell running, no GPU
 * work, no Java thread computing), and the two steps it then takes by itself, releasing libtorch's cache and pending
 * deallocations, then parking the whole GPU state. Figures and outcomes only; {@code report} words them.
 */
@NullMarked
package dev.gpumagics.idle;

import org.jspecify.annotations.NullMarked;
