/**
 * What IJava and JJava share: kernels that run a magic line as a JShell snippet and reach notebook
 * variables only by evaluating code ({@code evalRaw}). No kernel library is imported here.
 */
@NullMarked
package dev.gpumagics.adapter.jshell;

import org.jspecify.annotations.NullMarked;
