/** The CUDA driver calls the context needs, as interfaces and values: implemented by internal.cuda, modelled by the tests. */
@NullMarked
package dev.gpumagics.context.driver;

import org.jspecify.annotations.NullMarked;
