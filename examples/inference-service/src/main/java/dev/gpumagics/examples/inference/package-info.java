/** An example service: libtorch inference over JDK HTTP, its GPU memory in Micrometer beside its own meters. */
@NullMarked
package dev.gpumagics.examples.inference;

import org.jspecify.annotations.NullMarked;
