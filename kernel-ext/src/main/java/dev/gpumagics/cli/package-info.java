/** The command line of gpumagics.jar: the kernel itself, install and uninstall, and the engine's reports from a shell. */
@NullMarked
package dev.gpumagics.cli;

import org.jspecify.annotations.NullMarked;
