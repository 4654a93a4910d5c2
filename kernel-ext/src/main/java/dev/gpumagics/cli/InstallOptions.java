package dev.gpumagics.cli;

import dev.gpumagics.install.KernelSpec;
import dev.gpumagics.install.KernelSpecDirs;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The options {@code install} and {@code uninstall} share.
 *
 * @param kernelsDir where kernelspecs go, from --user (the default), --sys-prefix or --prefix P
 * @param ijavaKernelspec the IJava kernelspec folder to add the magics to, or null for our own kernelspec
 */
record InstallOptions(Path kernelsDir, String name, String displayName, @Nullable Path ijavaKernelspec) {

    /** @throws IllegalArgumentException with one line for a wrong option */
    static InstallOptions parse(List<String> args, KernelSpecDirs dirs) {
        String where = null;
        Path prefix = null;
        String name = KernelSpec.DEFAULT_NAME;
        String displayName = KernelSpec.DEFAULT_DISPLAY_NAME;
        Path ijava = null;
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
                case "--ijava-kernelspec" -> ijava = Path.of(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        Path kernelsDir = where == null || where.equals("--user") ? dirs.user()
                : where.equals("--prefix") ? dirs.prefix(prefix) : dirs.sysPrefix();
        return new InstallOptions(kernelsDir, name, displayName, ijava);
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
