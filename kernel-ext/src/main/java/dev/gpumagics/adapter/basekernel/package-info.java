/** The GPU magics on jupyter-jvm-basekernel 2.3.0's magics registry and display: our own kernel and IJava 1.3.0. */
@NullMarked
package dev.gpumagics.adapter.basekernel;

import org.jspecify.annotations.NullMarked;
