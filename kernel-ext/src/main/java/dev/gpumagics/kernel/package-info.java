/** The Jupyter side: the Java kernel on jupyter-jvm-basekernel, JShell bindings, and where the magics are registered. */
@NullMarked
package dev.gpumagics.kernel;

import org.jspecify.annotations.NullMarked;
