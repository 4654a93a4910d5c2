/**
 * The magic commands: parse arguments, call the engine, return what to show. No kernel library is
 * imported here: each kernel's adapter binds these magics to that kernel's registry and display.
 */
@NullMarked
package dev.gpumagics.command;

import org.jspecify.annotations.NullMarked;
