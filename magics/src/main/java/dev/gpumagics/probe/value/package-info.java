/** What the probes and the native gateways answer: Probed values and the records they carry, in bytes; below both, so that neither depends on the other. */
@NullMarked
package dev.gpumagics.probe.value;

import org.jspecify.annotations.NullMarked;
