package dev.gpumagics.vars;

import org.jspecify.annotations.Nullable;

/**
 * One notebook variable as the notebook sees it now.
 *
 * @param name the variable's name, including JShell temporaries such as {@code $12}
 * @param declaredType the type the variable was declared with, as JShell prints it
 * @param value the live object, or null when unset or null
 */
public record Binding(String name, String declaredType, @Nullable Object value) {}
