package dev.gpumagics.command;

import dev.gpumagics.probe.value.DeviceId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments a magic or a command-line verb takes: {@code --flag}s, {@code --option VALUE} (or
 * {@code --option=VALUE}, given once or, where allowed, repeated) and, where allowed, positional words. Anything else
 * is a {@link MagicUsageException} naming the usage line, so every magic and verb answers bad input the same way; an
 * option given an empty value ({@code --keep=}) is one given none.
 */
public final class ArgSchema {

    private final String usage;
    private final Set<String> flags = new LinkedHashSet<>();
    private final Set<String> options = new LinkedHashSet<>();
    private final List<Set<String>> exclusive = new ArrayList<>();
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

    /** An option with a value; given more than once, each value is kept in order ({@link Parsed#values}) and the last counts. */
    public ArgSchema option(String name) {
        options.add(name);
        return this;
    }

    public ArgSchema positionals() {
        positionals = true;
        return this;
    }

    /** At most one of these flags and options in one call: two are "--a and --b cannot go together", in the order given. */
    public ArgSchema oneOf(String... names) {
        exclusive.add(Set.of(names));
        return this;
    }

    public String usage() {
        return usage;
    }

    public Parsed parse(List<String> args) {
        Set<String> setFlags = new LinkedHashSet<>();
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<Word> words = new ArrayList<>();
        List<String> given = new ArrayList<>();
        Optional<String> lastOption = Optional.empty();
        Optional<String> lastValue = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                if (!positionals) {
                    throw fail("unexpected argument '" + arg + "'");
                }
                words.add(new Word(arg, lastOption, lastValue));
                lastOption = Optional.empty();
                lastValue = Optional.empty();
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
                lastOption = Optional.empty();
                lastValue = Optional.empty();
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
                values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
                lastOption = Optional.of(name);
                lastValue = Optional.of(value);
            } else {
                throw fail("unknown option --" + name);
            }
            if (!given.contains(name)) {
                given.add(name);
            }
        }
        for (Set<String> group : exclusive) {
            List<String> both = given.stream().filter(group::contains).limit(2).toList();
            if (both.size() == 2) {
                throw fail("--" + both.get(0) + " and --" + both.get(1) + " cannot go together");
            }
        }
        return new Parsed(setFlags, values, words);
    }

    /** The usage error for a problem the caller found in what it parsed: the problem, then the usage line. */
    public MagicUsageException fail(String problem) {
        return new MagicUsageException(problem + ". Usage: " + usage);
    }

    /**
     * A positional word, and the option whose value came right before it, if one did: a value with a space that the
     * shell split in two ({@code --name Bad Name}) shows as the word {@code Name} after {@code --name}'s value {@code Bad}.
     */
    public record Word(String text, Optional<String> afterOption, Optional<String> afterValue) {}

    /** What one call asked for. */
    public final class Parsed {
        private final Set<String> flags;
        private final Map<String, List<String>> values;
        private final List<Word> words;

        Parsed(Set<String> flags, Map<String, List<String>> values, List<Word> words) {
            this.flags = flags;
            this.values = values;
            this.words = List.copyOf(words);
        }

        public boolean has(String flag) {
            return flags.contains(flag);
        }

        /** The option's value, the last one where it was given more than once. */
        public Optional<String> value(String option) {
            List<String> given = values(option);
            return given.isEmpty() ? Optional.empty() : Optional.of(given.get(given.size() - 1));
        }

        /** Every value the option was given, in order. */
        public List<String> values(String option) {
            return values.getOrDefault(option, List.of());
        }

        /** A device as the driver numbers it: a GPU ({@code 0}) or a MIG instance ({@code 0:1}); else the usage error. */
        public Optional<DeviceId> device(String option) {
            Optional<String> value = value(option);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            Optional<DeviceId> device = DeviceId.parse(value.get());
            if (device.isEmpty()) {
                throw fail("--" + option + " takes a device index such as 0, or 0:1 for MIG instance 1 of GPU 0, not '" + value.get() + "'");
            }
            return device;
        }

        public List<String> words() {
            return words.stream().map(Word::text).toList();
        }

        /** The positional words with what came right before each. */
        public List<Word> wordsInContext() {
            return words;
        }
    }
}
