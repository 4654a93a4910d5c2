/** What a language kernel implements and what it is given: requests, outcomes, MIME bundles. No sockets here. */
@NullMarked
package dev.gpumagics.jupyter.kernel;

import org.jspecify.annotations.NullMarked;
