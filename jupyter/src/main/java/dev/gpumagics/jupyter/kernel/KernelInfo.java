package dev.gpumagics.jupyter.kernel;

/** The kernel_info_reply's words about the kernel and its language. */
public record KernelInfo(String implementation, String implementationVersion, String language,
        String languageVersion, String mimetype, String fileExtension, String pygmentsLexer,
        String codemirrorMode, String banner) {}
