/** The GPU magics as a JJava extension, on jjava-jupyter's {@code Extension} and {@code MagicsRegistry}. */
@NullMarked
package dev.gpumagics.adapter.jjava;

import org.jspecify.annotations.NullMarked;
