/** The Jupyter side: the Java kernel on our protocol layer (module jupyter), JShell bindings, and where the magics are registered. */
@NullMarked
package dev.gpumagics.kernel;

import org.jspecify.annotations.NullMarked;
