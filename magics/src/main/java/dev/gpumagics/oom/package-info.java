/**
 * Why an allocation failed: the failure as its message tells it, found wherever it surfaces in a chain of
 * exceptions, and the likely causes chosen from its figures and from what the probes and the variable scan see now.
 */
@NullMarked
package dev.gpumagics.oom;

import org.jspecify.annotations.NullMarked;
