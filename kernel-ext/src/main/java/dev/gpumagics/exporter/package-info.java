/**
 * The host exporter: every device's memory and every GpuMagics kernel's record on this host, as Prometheus series
 * (its own client's model, text format and HTTP server). A background look reads the devices and the records; a
 * scrape only renders the last look, so it never waits on a probe, a record or a kernel.
 */
@NullMarked
package dev.gpumagics.exporter;

import org.jspecify.annotations.NullMarked;
