package dev.gpumagics.cli;

import dev.gpumagics.command.ArgSchema;
import dev.gpumagics.command.MagicUsageException;
import dev.gpumagics.install.KernelSpec;
import dev.gpumagics.install.KernelSpecDirs;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options {@code install} and {@code uninstall} share, read with the magics' own {@link ArgSchema}.
 *
 * @param kernelsDir where kernelspecs go, from --user (the default), --sys-prefix or --prefix P
 * @param ijavaKernelspec the IJava kernelspec folder to add the magics to
 * @param jjavaKernelspec the JJava kernelspec folder to add the magics to; with neither, our own kernelspec
 * @param environment the kernelspec's {@code env}, from each --env KEY=VALUE in order (a later KEY wins)
 */
record InstallOptions(Path kernelsDir, String name, String displayName, Optional<Path> ijavaKernelspec,
        Optional<Path> jjavaKernelspec, Map<String, String> environment) {

    /** Both verbs' options: uninstall takes --display-name and --env only to say they are install's. */
    static ArgSchema schema(String usage) {
        return ArgSchema.usage(usage)
                .flag("user").flag("sys-prefix").option("prefix").oneOf("user", "sys-prefix", "prefix")
                .option("name").option("display-name").option("env")
                .option("ijava-kernelspec").option("jjava-kernelspec").oneOf("ijava-kernelspec", "jjava-kernelspec")
                .positionals();
    }

    /** @throws MagicUsageException with one line, the usage last, for a wrong option */
    static InstallOptions parse(List<String> args, KernelSpecDirs dirs, ArgSchema schema) {
        ArgSchema.Parsed parsed = schema.parse(args);
        for (ArgSchema.Word word : parsed.wordsInContext()) {
            throw schema.fail(word.afterOption().isPresent()
                    ? extraWord("--" + word.afterOption().get(), word.afterValue().orElseThrow(), word.text())
                    : "unexpected word '" + word.text() + "': every value follows its option");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        for (String setting : parsed.values("env")) {
            int equals = setting.indexOf('=');
            if (equals < 1 || !setting.substring(0, equals).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw schema.fail("--env takes KEY=VALUE, e.g. --env PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True, not '" + setting + "'");
            }
            environment.put(setting.substring(0, equals), setting.substring(equals + 1));
        }
        Optional<String> prefix = parsed.value("prefix");
        Path kernelsDir = prefix.isPresent() ? dirs.prefix(Path.of(prefix.get())) : parsed.has("sys-prefix") ? dirs.sysPrefix() : dirs.user();
        return new InstallOptions(kernelsDir, parsed.value("name").orElse(KernelSpec.DEFAULT_NAME),
                parsed.value("display-name").orElse(KernelSpec.DEFAULT_DISPLAY_NAME), parsed.value("ijava-kernelspec").map(Path::of),
                parsed.value("jjava-kernelspec").map(Path::of), Collections.unmodifiableMap(environment));
    }

    /** A value with a space that the shell split in two, as in {@code --name Bad Name}: say so, not "unexpected word". */
    private static String extraWord(String option, String value, String extra) {
        String why = option.equals("--name")
                ? "a kernel name cannot contain spaces; use letters, digits, '.', '_' and '-', e.g. --name " + value + "-" + extra
                : "put a value with spaces in quotes, e.g. " + option + " \"" + value + " " + extra + "\"";
        return option + " got an extra word '" + extra + "': " + why;
    }

    /** The add-on kernelspec asked for, if any. */
    Optional<Path> addonKernelspec() {
        return ijavaKernelspec.or(() -> jjavaKernelspec);
    }
}
