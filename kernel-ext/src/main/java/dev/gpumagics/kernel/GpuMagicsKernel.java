package dev.gpumagics.kernel;

import dev.gpumagics.GpuMemory;
import dev.gpumagics.context.GpuContext;
import dev.gpumagics.courtesy.KernelCourtesy;
import dev.gpumagics.jupyter.kernel.CellOutput;
import dev.gpumagics.jupyter.kernel.Completeness;
import dev.gpumagics.jupyter.kernel.Completion;
import dev.gpumagics.jupyter.kernel.ExecuteOutcome;
import dev.gpumagics.jupyter.kernel.ExecuteRequest;
import dev.gpumagics.jupyter.kernel.Failure;
import dev.gpumagics.jupyter.kernel.KernelInfo;
import dev.gpumagics.jupyter.kernel.LanguageKernel;
import dev.gpumagics.jupyter.kernel.MimeBundle;
import dev.gpumagics.jupyter.kernel.UsageReply;
import dev.gpumagics.look.ReportOptions;
import dev.gpumagics.report.ContextText;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Java kernel in the manner of IJava: JShell in this process, IJava's magics, and the GPU magics,
 * served by our own protocol layer. A cell's error carries the real exception class; whatever a cell
 * or the showing of its value throws, Errors included, ends in that cell's error and the kernel goes on.
 */
public final class GpuMagicsKernel implements LanguageKernel {

    private final NotebookShell shell;
    private final MagicTable magics = new MagicTable();
    private final CellRunner runner;
    private final JavaAnalysis analysis;
    private final ValueDisplay values = new ValueDisplay(ValueBundles::of);
    private final KernelWatch watch;
    private final KernelCourtesy courtesy;
    private final UsageAnswer usage;
    private volatile CellOutput output = CellOutput.NOWHERE;

    public GpuMagicsKernel(NotebookShell shell) {
        this.shell = shell;
        this.runner = new CellRunner(shell, magics);
        this.analysis = new JavaAnalysis(shell);
        this.watch = new KernelWatch(shell);
        this.courtesy = KernelCourtesy.forThisKernel(shell::classLoader);
        GpuMemory memory = new GpuMemory(shell::classLoader);
        this.usage = new UsageAnswer(Path.of("/proc"), () -> memory.report(ReportOptions.ALL));
        new KernelMagics(shell, runner, this::display, wait -> output.clear(wait)).addTo(magics);
        GpuMagicLines.addTo(magics, shell, this::display, watch.settings(), Optional.of(courtesy.idle()));
        magics.addCell("nograd", new NoGradCell(shell, runner));
    }

    public NotebookShell shell() {
        return shell;
    }

    /**
     * Compiles a first snippet (javac's first run is the slow one) and runs the startup scripts. Holds
     * the kernel's lock, so a cell sent meanwhile waits for it.
     */
    synchronized void warmUp(StartupScripts scripts) {
        try {
            shell.eval("if (true) {}"); // a statement: leaves no variable behind
            shell.analysis().completionSuggestions("Math.", 5, new int[1]);
        } catch (RuntimeException e) {
            // warming is an optimisation; a real cell reports whatever is wrong
        }
        scripts.runIn(this);
    }

    /** Runs a cell without Jupyter: startup scripts, tests. */
    public NotebookShell.Result run(String cell) {
        return runner.run(cell);
    }

    /** A magic's output goes to the cell that runs it; later output (a thread the cell started) to the last cell. */
    private void display(MimeBundle bundle) {
        output.display(bundle);
    }

    /** This kernel serves Jupyter on that connection file: its record goes out for the others on the host. */
    void publish(Path connectionFile) {
        courtesy.publish(connectionFile);
    }

    @Override
    public synchronized ExecuteOutcome execute(ExecuteRequest request, CellOutput cellOutput) {
        Optional<String> asked = DocumentationRequest.target(request.code());
        if (asked.isPresent()) {
            return page(asked.get(), request.code().strip().endsWith("??"));
        }
        output = cellOutput;
        courtesy.cellStarts().ifPresent(line -> display(MimeBundle.text(line)));
        KernelWatch.Watched watched = watch.begin(cellOutput);
        try {
            NotebookShell.Result result = runner.run(request.code());
            showContextNotice();
            end(watched);
            return ExecuteOutcome.done(result.hasValue() ? Optional.of(values.show(result.value())) : Optional.empty());
        } catch (Throwable failure) {
            end(watched);
            return failed(failure);
        } finally {
            courtesy.cellEnds();
        }
    }

    /** The documentation a {@code name?} cell asks for, for the frontend's pager. */
    private ExecuteOutcome page(String target, boolean detailed) {
        return analysis.inspect(target, target.length(), detailed).map(doc -> ExecuteOutcome.paged(MimeBundle.text(doc)))
                .orElseGet(() -> ExecuteOutcome.failed(Failure.ofLine("NoDocumentation", "no documentation for " + target
                        + ": JShell knows nothing of that name (complete it with Tab first)")));
    }

    /** The watched cell's record comes after its output and before its value or error, whichever way it ended. */
    private static void end(KernelWatch.@Nullable Watched watched) {
        if (watched != null) {
            watched.end();
        }
    }

    /** Every way a cell fails ends here: in the cell, or while its value was shown. */
    private ExecuteOutcome failed(Throwable failure) {
        showContextNotice();
        Throwable cause = shownCause(failure);
        if (failure instanceof ValueDisplay.Interrupted) {
            return ExecuteOutcome.failed(Failure.ofLine("java.lang.InterruptedException", String.valueOf(failure.getMessage())));
        }
        ErrorReport report = ErrorReport.of(failure);
        return ExecuteOutcome.failed(new Failure(report.ename(), report.evalue(), report.traceback()),
                FailedCellDiagnosis.of(cause, shell).map(MagicOutput::bundle).stream().toList());
    }

    /** What a failure's diagnosis looks at: for a value's rendering that threw, what it threw. */
    private static Throwable shownCause(Throwable failure) {
        return failure instanceof ValueDisplay.RenderFailure render && render.getCause() != null ? render.getCause() : failure;
    }

    /**
     * Says so in the cell when the GPU state came back by itself during it (a GPU call while
     * suspended resumes the process rather than hanging it).
     */
    private void showContextNotice() {
        GpuContext.ifCreated().flatMap(GpuContext::takeNotice)
                .ifPresent(notice -> display(MimeBundle.text(ContextText.of(notice))));
    }

    /** A user expression: its value shown as a cell's would be, or its error; no {@code $N} is kept. */
    @Override
    public synchronized ExecuteOutcome evaluate(String expression) {
        try {
            NotebookShell.Result result = shell.evaluate(expression);
            return ExecuteOutcome.done(Optional.of(values.show(result.hasValue() ? result.value() : null)));
        } catch (Throwable failure) {
            ErrorReport report = ErrorReport.of(failure);
            return ExecuteOutcome.failed(new Failure(report.ename(), report.evalue(), report.traceback()));
        }
    }

    @Override
    public synchronized Optional<MimeBundle> inspect(String code, int cursor, int detailLevel) {
        return analysis.inspect(code, clamp(code, cursor), detailLevel > 0).map(MimeBundle::text);
    }

    @Override
    public synchronized Completion complete(String code, int cursor) {
        return analysis.complete(code, clamp(code, cursor));
    }

    @Override
    public synchronized Completeness isComplete(String code) {
        return analysis.isComplete(code);
    }

    private static int clamp(String code, int cursor) {
        return Math.max(0, Math.min(cursor, code.length()));
    }

    @Override
    public KernelInfo info() {
        // the language's name lower-case, as the kernelspec says it and as lexers and frontends look it up
        return new KernelInfo("gpumagics", BuildVersion.ofThisBuild(), "java", Runtime.version().toString(), "text/x-java-source",
                ".jshell", "java", "java", "Java " + Runtime.version() + " with GpuMagics (%gpumem, %gpufree, ...)");
    }

    @Override
    public void interrupt() {
        shell.interrupt();
        values.interrupt();
    }

    /** Not synchronized: a usage request comes on the control channel, and must not wait for a running cell. */
    @Override
    public Optional<UsageReply> usage() {
        return Optional.of(usage.answer());
    }

    @Override
    public void shutdown(boolean restart) {
        courtesy.close();
        shell.close();
    }
}
