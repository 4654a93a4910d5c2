package dev.gpumagics.kernel;

import dev.gpumagics.context.GpuContext;
import dev.gpumagics.report.ContextText;
import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.JupyterIO;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.publish.PublishError;
import io.github.spencerpark.jupyter.messages.publish.PublishExecuteInput;
import io.github.spencerpark.jupyter.messages.publish.PublishExecuteResult;
import io.github.spencerpark.jupyter.messages.reply.ErrorReply;
import io.github.spencerpark.jupyter.messages.reply.ExecuteReply;
import io.github.spencerpark.jupyter.messages.request.ExecuteRequest;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Java kernel in the manner of IJava: JShell in this process, IJava's magics, and the GPU magics.
 * Executes requests itself (not through basekernel's handler) so that an error carries the real
 * exception class rather than the wrapper's simple name.
 */
public final class GpuMagicsKernel extends BaseKernel {

    private final NotebookShell shell;
    private final Magics magics = new Magics();
    private final CellRunner runner;
    private final JavaAnalysis analysis;

    public GpuMagicsKernel(NotebookShell shell) {
        this.shell = shell;
        this.runner = new CellRunner(shell, magics);
        this.analysis = new JavaAnalysis(shell);
        new KernelMagics(shell, runner, this::display).register(magics);
        MagicRegistry.registerAll(magics, this::display, shell.variables(), shell::classLoader);
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

    @Override
    public @Nullable DisplayData eval(String code) {
        NotebookShell.Result result = runner.run(code);
        return result.hasValue() ? render(result.value()) : null;
    }

    private DisplayData render(@Nullable Object value) {
        return value == null ? new DisplayData("null") : getRenderer().render(value);
    }

    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection);
        connection.setHandler(MessageType.EXECUTE_REQUEST, this::execute);
    }

    private synchronized void execute(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        int count = executionCount.getAndIncrement();
        env.setBusyDeferIdle();
        env.publish(new PublishExecuteInput(request.getCode(), count));
        attach(env, request.isStdinEnabled());
        try {
            NotebookShell.Result result = runner.run(request.getCode());
            System.out.flush();
            System.err.flush();
            showContextNotice();
            if (result.hasValue()) {
                env.publish(new PublishExecuteResult(count, render(result.value())));
            }
            env.defer().reply(new ExecuteReply(count, Map.of()));
        } catch (RuntimeException | LinkageError e) {
            System.out.flush();
            showContextNotice();
            ErrorReport report = ErrorReport.of(e);
            env.publish(new PublishError(report.ename(), report.evalue(), report.traceback()));
            FailedCellDiagnosis.show(e, shell, this::display);
            ErrorReply reply = new ErrorReply(report.ename(), report.evalue(), report.traceback());
            reply.setExecutionCount(count);
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
        }
    }

    /**
     * Says so in the cell when the GPU state came back by itself during it (a GPU call while
     * suspended resumes the process rather than hanging it).
     */
    private void showContextNotice() {
        GpuContext.ifCreated().flatMap(GpuContext::takeNotice)
                .ifPresent(notice -> display(new DisplayData(ContextText.of(notice))));
    }

    /** Points System.out/err/in and the display stream at this request until its reply is sent. */
    private void attach(ShellReplyEnvironment env, boolean stdinEnabled) {
        JupyterIO io = getIO();
        PrintStream out = System.out;
        PrintStream err = System.err;
        InputStream in = System.in;
        System.setOut(io.out);
        System.setErr(io.err);
        System.setIn(io.in);
        env.defer(() -> {
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
        });
        // JupyterIO keeps these protected for basekernel's own handler; this kernel is its handler now
        call(io, "setEnv", ShellReplyEnvironment.class, env);
        env.defer(() -> call(io, "retractEnv", ShellReplyEnvironment.class, env));
        call(io, "setJupyterInEnabled", boolean.class, stdinEnabled);
    }

    private static void call(JupyterIO io, String name, Class<?> type, Object arg) {
        try {
            Method method = JupyterIO.class.getDeclaredMethod(name, type);
            method.setAccessible(true);
            method.invoke(io, arg);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jupyter-jvm-basekernel changed: JupyterIO." + name, e);
        }
    }

    @Override
    public synchronized @Nullable DisplayData inspect(String code, int at, boolean extraDetail) {
        return analysis.inspect(code, at, extraDetail);
    }

    @Override
    public synchronized ReplacementOptions complete(String code, int at) {
        return analysis.complete(code, at);
    }

    @Override
    public synchronized String isComplete(String code) {
        return analysis.isComplete(code, IS_COMPLETE_YES, IS_COMPLETE_BAD, IS_COMPLETE_MAYBE);
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return new LanguageInfo.Builder("Java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("java")
                .build();
    }

    @Override
    public String getBanner() {
        return "Java " + Runtime.version() + " with GpuMagics (%gpumem, %gpufree, ...)";
    }

    @Override
    public List<String> formatError(Exception e) {
        return ErrorReport.of(e).traceback();
    }

    @Override
    public void interrupt() {
        shell.interrupt();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        shell.close();
    }
}
