/** Where the kernel is installed: our own kernelspec, and the add-on to an existing IJava kernelspec. */
@NullMarked
package dev.gpumagics.install;

import org.jspecify.annotations.NullMarked;
