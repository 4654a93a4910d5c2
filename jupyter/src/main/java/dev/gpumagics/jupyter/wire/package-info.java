/** The Jupyter wire format: frames, the HMAC signature, replay refusal, header dates. */
@NullMarked
package dev.gpumagics.jupyter.wire;

import org.jspecify.annotations.NullMarked;
