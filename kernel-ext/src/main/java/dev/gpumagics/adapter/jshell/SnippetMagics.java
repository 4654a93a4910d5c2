package dev.gpumagics.adapter.jshell;

import dev.gpumagics.command.GpuMagic;
import dev.gpumagics.command.MagicUsageException;
import dev.gpumagics.command.MimeBundle;
import dev.gpumagics.command.Notebook;
import java.util.List;

/** A GPU magic called from a kernel that runs magic lines as snippets: each answer shown, a refusal one line. */
public final class SnippetMagics {

    private SnippetMagics() {}

    /** Runs the magic and shows its answer through the notebook; a refusal becomes {@link MagicRefused}. */
    public static void call(GpuMagic magic, List<String> words, Notebook notebook) {
        List<MimeBundle> answer;
        try {
            answer = magic.call(words, notebook);
        } catch (MagicUsageException e) {
            throw new MagicRefused(String.valueOf(e.getMessage()));
        }
        answer.forEach(notebook::show);
    }
}
