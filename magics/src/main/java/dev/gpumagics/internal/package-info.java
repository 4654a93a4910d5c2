/** Not API: glue to native libraries (JavaCPP) that the other packages reach through narrow interfaces. */
@NullMarked
package dev.gpumagics.internal;

import org.jspecify.annotations.NullMarked;
