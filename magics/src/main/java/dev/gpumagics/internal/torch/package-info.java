/** Not API: code linked against the notebook's own libtorch classes, defined in a class loader beneath the notebook's. */
@NullMarked
package dev.gpumagics.internal.torch;

import org.jspecify.annotations.NullMarked;
