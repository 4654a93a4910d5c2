package dev.gpumagics.release;

import dev.gpumagics.vars.Binding;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Refuses a request that names what is not there or mixes options that contradict; one line, before anything changes. */
final class RequestCheck {

    private static final Set<String> PRIMITIVES = Set.of("int", "long", "short", "byte", "char", "boolean", "float", "double");

    private RequestCheck() {}

    /** The one line saying what is wrong, or empty when the request can run. */
    static Optional<String> problem(FreeRequest request, List<Binding> bindings) {
        if (request.cacheOnly()) {
            if (!request.names().isEmpty() || request.all() || !request.keep().isEmpty() || request.toCpu()) {
                return refuse("--cache releases only the allocator cache; it takes no variables, --all, --keep or --to-cpu");
            }
            return Optional.empty();
        }
        if (request.names().isEmpty() && !request.all()) {
            return refuse("name the variables to free, or use --all (or --cache for the allocator cache only)");
        }
        if (!request.names().isEmpty() && request.all()) {
            return refuse("give variable names or --all, not both");
        }
        Set<String> defined = bindings.stream().map(Binding::name).collect(Collectors.toSet());
        Set<String> unknown = missing(request.names(), defined);
        if (!unknown.isEmpty()) {
            return refuse("no variable named " + String.join(", ", unknown));
        }
        Set<String> unknownKeep = missing(request.keep(), defined);
        if (!unknownKeep.isEmpty()) {
            return refuse("--keep names " + String.join(", ", unknownKeep) + ", which "
                    + (unknownKeep.size() == 1 ? "is not a variable" : "are not variables"));
        }
        for (Binding binding : bindings) {
            if (request.names().contains(binding.name()) && PRIMITIVES.contains(binding.declaredType())) {
                return refuse(binding.name() + " is " + article(binding.declaredType()) + " " + binding.declaredType()
                        + ": a primitive holds no GPU memory");
            }
        }
        Set<String> both = new LinkedHashSet<>(request.names());
        both.retainAll(request.keep());
        if (!both.isEmpty()) {
            return refuse(String.join(", ", both) + " is both named and kept");
        }
        return Optional.empty();
    }

    private static Set<String> missing(Iterable<String> names, Set<String> defined) {
        Set<String> missing = new LinkedHashSet<>();
        names.forEach(name -> {
            if (!defined.contains(name)) {
                missing.add(name);
            }
        });
        return missing;
    }

    private static String article(String type) {
        return "aeiou".indexOf(type.charAt(0)) >= 0 ? "an" : "a";
    }

    private static Optional<String> refuse(String why) {
        return Optional.of("gpufree: " + why + "; nothing was freed");
    }
}
