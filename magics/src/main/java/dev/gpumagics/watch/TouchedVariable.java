package dev.gpumagics.watch;

import dev.gpumagics.vars.Binding;

/** A variable a cell declared or assigned, with its value as the cell left it. */
public record TouchedVariable(Binding binding, VariableChange.How how) {}
