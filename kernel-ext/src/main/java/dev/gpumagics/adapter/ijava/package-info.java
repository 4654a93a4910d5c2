/** The GPU magics inside IJava 1.3.0, registered by the add-on's startup script. */
@NullMarked
package dev.gpumagics.adapter.ijava;

import org.jspecify.annotations.NullMarked;
