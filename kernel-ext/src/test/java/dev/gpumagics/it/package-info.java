/** Whole-kernel tests: the shaded jar installed as a kernelspec, driven by Debian's Jupyter. */
@NullMarked
package dev.gpumagics.it;

import org.jspecify.annotations.NullMarked;
