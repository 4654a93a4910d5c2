/**
 * Whose notebook holds what on this host: the small record every GpuMagics kernel publishes about itself (who, which
 * notebook, busy, idle or parked, its idle policy, what it holds on each GPU), where those records live, and the
 * reader that believes a record only when its file's owner owns the live process it names and that process started
 * when the record says. Figures only; {@code report} words them.
 */
@NullMarked
package dev.gpumagics.neighbours;

import org.jspecify.annotations.NullMarked;
