/** How a memory report is shown: one timestamped record and pure text, HTML and JSON renderers of it. */
@NullMarked
package dev.gpumagics.report;

import org.jspecify.annotations.NullMarked;
