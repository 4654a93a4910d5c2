/** How a {@code %maven} coordinate becomes jars: Maven's resolver, the user's settings and ~/.m2. */
@NullMarked
package dev.gpumagics.maven;

import org.jspecify.annotations.NullMarked;
