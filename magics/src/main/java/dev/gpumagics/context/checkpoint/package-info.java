/** The second process of a suspend or resume: the checkpoint controller, its admission checks, the helper JVM that runs it and the wire format between them. */
@NullMarked
package dev.gpumagics.context.checkpoint;

import org.jspecify.annotations.NullMarked;
