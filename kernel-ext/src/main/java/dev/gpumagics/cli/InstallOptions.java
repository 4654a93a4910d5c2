package dev.gpumagics.cli;

import dev.gpumagics.install.KernelSpec;
import dev.gpumagics.install.KernelSpecDirs;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The options {@code install} and {@code uninstall} share.
 *
 * @param kernelsDir where kernelspecs go, from --user (the default), --sys-prefix or --prefix P
 * @param ijavaKernelspec the IJava kernelspec folder to add the magics to, or null
 * @param jjavaKernelspec the JJava kernelspec folder to add the magics to, or null; with neither, our own kernelspec
 * @param environment the kernelspec's {@code env}, from each --env KEY=VALUE in order (a later KEY wins)
 */
record InstallOptions(Path kernelsDir, String name, String displayName, @Nullable Path ijavaKernelspec,
        @Nullable Path jjavaKernelspec, Map<String, String> environment) {

    /** The options that take a value. */
    private static final Set<String> VALUED = Set.of("--prefix", "--name", "--display-name", "--ijava-kernelspec", "--jjava-kernelspec", "--env");

    /** @throws IllegalArgumentException with one line for a wrong option */
    static InstallOptions parse(List<String> args, KernelSpecDirs dirs) {
        String where = null;
        Path prefix = null;
        String name = KernelSpec.DEFAULT_NAME;
        String displayName = KernelSpec.DEFAULT_DISPLAY_NAME;
        Path ijava = null;
        Path jjava = null;
        String addon = null;
        Map<String, String> environment = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--user", "--sys-prefix" -> where = only(where, arg);
                case "--prefix" -> {
                    where = only(where, arg);
                    prefix = Path.of(value(args, ++i, arg));
                }
                case "--name" -> name = value(args, ++i, arg);
                case "--display-name" -> displayName = value(args, ++i, arg);
                case "--ijava-kernelspec" -> {
                    addon = only(addon, arg);
                    ijava = Path.of(value(args, ++i, arg));
                }
                case "--jjava-kernelspec" -> {
                    addon = only(addon, arg);
                    jjava = Path.of(value(args, ++i, arg));
                }
                case "--env" -> {
                    String setting = value(args, ++i, arg);
                    int equals = setting.indexOf('=');
                    if (equals < 1 || !setting.substring(0, equals).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                        throw new IllegalArgumentException("--env takes KEY=VALUE, e.g. --env PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True,"
                                + " not '" + setting + "'");
                    }
                    environment.put(setting.substring(0, equals), setting.substring(equals + 1));
                }
                default -> throw new IllegalArgumentException(arg.startsWith("-") ? "unknown option " + arg
                        : i >= 2 && VALUED.contains(args.get(i - 2)) ? extraWord(args.get(i - 2), args.get(i - 1), arg)
                        : "unexpected word '" + arg + "': every value follows its option");
            }
        }
        Path kernelsDir = where == null || where.equals("--user") ? dirs.user()
                : where.equals("--prefix") ? dirs.prefix(prefix) : dirs.sysPrefix();
        return new InstallOptions(kernelsDir, name, displayName, ijava, jjava, Collections.unmodifiableMap(environment));
    }

    /** A value with a space that the shell split in two, as in {@code --name Bad Name}: say so, not "unknown option Name". */
    private static String extraWord(String option, String value, String extra) {
        String why = option.equals("--name")
                ? "a kernel name cannot contain spaces; use letters, digits, '.', '_' and '-', e.g. --name " + value + "-" + extra
                : "put a value with spaces in quotes, e.g. " + option + " \"" + value + " " + extra + "\"";
        return option + " got an extra word '" + extra + "': " + why;
    }

    private static String only(@Nullable String earlier, String arg) {
        if (earlier != null) {
            throw new IllegalArgumentException(earlier + " and " + arg + " cannot go together");
        }
        return arg;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }
}
