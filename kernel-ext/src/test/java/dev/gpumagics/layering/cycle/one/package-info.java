/** This module's half of a package the magics tests also define, for the cross-module cycle test. */
@NullMarked
package dev.gpumagics.layering.cycle.one;

import org.jspecify.annotations.NullMarked;
