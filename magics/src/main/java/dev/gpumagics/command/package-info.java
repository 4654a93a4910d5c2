/** The magic commands: parse arguments, call the engine, display. The only package that sees Jupyter types. */
@NullMarked
package dev.gpumagics.command;

import org.jspecify.annotations.NullMarked;
