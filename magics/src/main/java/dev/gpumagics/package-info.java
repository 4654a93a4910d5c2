/** The plain Java API of GpuMagics: reports and memory release without any Jupyter types. */
@NullMarked
package dev.gpumagics;

import org.jspecify.annotations.NullMarked;
