package dev.gpumagics.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.ShellChannel;
import io.github.spencerpark.jupyter.channels.ShellHandler;
import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import io.github.spencerpark.jupyter.messages.Message;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;

/**
 * The shell and control channels, as basekernel's but with two faults fixed. basekernel polls without
 * waiting and then sleeps 50 ms, so every request waits up to 50 ms before it is read; here the loop
 * blocks in the poller and wakes when a message comes. And a message with a bad signature made
 * basekernel's loop throw and die, leaving the kernel deaf; here it is dropped and the loop goes on.
 */
final class PromptShellChannel extends ShellChannel {

    private static final Logger LOG = Logger.getLogger("Jupyter.PromptShellChannel");
    private static final long POLL_MS = 200;

    private final JupyterConnection connection;
    private final String name;
    private final Runnable beforeFirstMessage;
    private boolean first = true;
    private volatile boolean running;
    private @Nullable Thread loop;

    PromptShellChannel(ZMQ.Context context, HMACGenerator hmac, boolean isControl, JupyterConnection connection,
            Runnable beforeFirstMessage) {
        super(context, hmac, isControl, connection);
        this.beforeFirstMessage = beforeFirstMessage;
        this.connection = connection;
        this.name = isControl ? "gpumagics-control" : "gpumagics-shell";
    }

    @Override
    public void bind(KernelConnectionProperties properties) {
        int port = name.endsWith("control") ? properties.getControlPort() : properties.getShellPort();
        super.bind(formatAddress(properties.getTransport(), properties.getIp(), port));
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        running = true;
        Thread thread = new Thread(() -> {
            while (running) {
                if (poller.poll(POLL_MS) > 0 && running) {
                    handleOne();
                }
            }
        }, name);
        thread.setDaemon(true);
        loop = thread;
        thread.start();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void handleOne() {
        Message<?> message;
        try {
            message = readMessage();
        } catch (SecurityException e) {
            LOG.warning(() -> name + ": dropped a message with a bad signature");
            return;
        } catch (RuntimeException e) {
            LOG.warning(() -> name + ": dropped an unreadable message: " + e);
            return;
        }
        if (message == null) {
            return;
        }
        if (first) {
            first = false;
            beforeFirstMessage.run();
        }
        ShellHandler handler = connection.getHandler(message.getHeader().getType());
        if (handler == null) {
            LOG.fine(() -> name + ": no handler for " + message.getHeader().getType().getName());
            return;
        }
        ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
        try {
            handler.handle(env, (Message) message);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, name + ": unhandled exception for " + message.getHeader().getType().getName(), e);
        } finally {
            env.resolveDeferrals();
        }
        if (env.isMarkedForShutdown()) {
            running = false;
            connection.close();
        }
    }

    @Override
    public void close() {
        running = false;
        super.close();
    }

    @Override
    public void waitUntilClose() {
        Thread thread = loop;
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
