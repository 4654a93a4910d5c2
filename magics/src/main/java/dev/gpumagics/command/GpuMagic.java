package dev.gpumagics.command;

import java.util.List;

/**
 * One GPU line magic, independent of the kernel that runs it: its name and arguments, and one call
 * that takes the parsed arguments and the notebook and returns what to show.
 */
public interface GpuMagic {

    /** The name after {@code %}, e.g. {@code gpumem}. */
    String name();

    /** Its usage line and options; anything else is a {@link MagicUsageException}. */
    ArgSchema args();

    /**
     * @return what to show, in order
     * @throws MagicUsageException with the one line to show when it cannot do what was asked
     */
    List<MimeBundle> run(ArgSchema.Parsed args, Notebook notebook);

    /** Parses the words after the magic's name, then runs it. */
    default List<MimeBundle> call(List<String> words, Notebook notebook) {
        return run(args().parse(words), notebook);
    }
}
