package dev.gpumagics.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The arguments a magic takes: {@code --flag}s, {@code --option VALUE} (or {@code --option=VALUE})
 * and, where allowed, positional words. Anything else is a {@link MagicUsageException} naming the
 * usage line, so every magic answers bad input the same way; an option given an empty value
 * ({@code --keep=}) is one given none.
 */
public final class ArgSchema {

    private final String usage;
    private final Set<String> flags = new LinkedHashSet<>();
    private final Set<String> options = new LinkedHashSet<>();
    private boolean positionals;

    private ArgSchema(String usage) {
        this.usage = usage;
    }

    /** @param usage the whole usage line, e.g. {@code %gpumem [--device N] [--json]} */
    public static ArgSchema usage(String usage) {
        return new ArgSchema(usage);
    }

    public ArgSchema flag(String name) {
        flags.add(name);
        return this;
    }

    public ArgSchema option(String name) {
        options.add(name);
        return this;
    }

    public ArgSchema positionals() {
        positionals = true;
        return this;
    }

    public String usage() {
        return usage;
    }

    public Parsed parse(List<String> args) {
        Set<String> setFlags = new LinkedHashSet<>();
        Map<String, String> values = new HashMap<>();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                if (!positionals) {
                    throw fail("unexpected argument '" + arg + "'");
                }
                words.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw fail("--" + name + " takes no value");
                }
                setFlags.add(name);
            } else if (options.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw fail("--" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (value.isBlank()) {
                    // "--keep=" or --keep "": no value given, however it was spelled
                    throw fail("--" + name + " needs a value");
                }
                values.put(name, value);
            } else {
                throw fail("unknown option --" + name);
            }
        }
        return new Parsed(setFlags, values, words);
    }

    MagicUsageException fail(String problem) {
        return new MagicUsageException(problem + ". Usage: " + usage);
    }

    /** What one call asked for. */
    public final class Parsed {
        private final Set<String> flags;
        private final Map<String, String> values;
        private final List<String> words;

        Parsed(Set<String> flags, Map<String, String> values, List<String> words) {
            this.flags = flags;
            this.values = values;
            this.words = List.copyOf(words);
        }

        public boolean has(String flag) {
            return flags.contains(flag);
        }

        public Optional<String> value(String option) {
            return Optional.ofNullable(values.get(option));
        }

        /** A non-negative whole number, or the usage error. */
        public OptionalInt index(String option) {
            Optional<String> value = value(option);
            if (value.isEmpty()) {
                return OptionalInt.empty();
            }
            try {
                int parsed = Integer.parseInt(value.get());
                if (parsed >= 0) {
                    return OptionalInt.of(parsed);
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw fail("--" + option + " takes a device index such as 0, not '" + value.get() + "'");
        }

        public List<String> words() {
            return words;
        }
    }
}
