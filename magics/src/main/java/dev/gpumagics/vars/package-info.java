/** What notebook variables hold: walking bindings through tensors, modules, optimizers, collections and plain objects. */
@NullMarked
package dev.gpumagics.vars;

import org.jspecify.annotations.NullMarked;
