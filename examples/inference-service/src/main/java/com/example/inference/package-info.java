/** An example service, as a user would write one (not in GpuMagics' packages): libtorch inference over JDK HTTP, its GPU memory in Micrometer beside its own meters. */
@NullMarked
package com.example.inference;

import org.jspecify.annotations.NullMarked;
