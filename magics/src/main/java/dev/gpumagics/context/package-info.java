/** The CUDA context itself: parking it with the driver's checkpoint API, and destroying and recreating it. */
@NullMarked
package dev.gpumagics.context;

import org.jspecify.annotations.NullMarked;
