/**
 * What IJava and JJava share: kernels that run a magic line as a JShell snippet, and hand out their
 * JShell and an {@code evalRaw} but not the class loader their snippets live in. No kernel library is
 * imported here.
 */
@NullMarked
package dev.gpumagics.adapter.jshell;

import org.jspecify.annotations.NullMarked;
