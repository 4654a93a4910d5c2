/** Not API: the classes linked against the notebook's torch classes, defined by {@code TorchBridge}'s own loader. */
@NullMarked
package dev.gpumagics.internal.torch.glue;

import org.jspecify.annotations.NullMarked;
