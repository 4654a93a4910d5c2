package dev.gpumagics.command;

import dev.gpumagics.idle.IdleDurations;
import dev.gpumagics.idle.IdlePolicy;
import dev.gpumagics.idle.IdleStatus;
import dev.gpumagics.idle.IdleWatch;
import dev.gpumagics.report.IdleText;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code %gpuidle [release 10m|off] [suspend 2h|off]}, {@code %gpuidle off}, {@code %gpuidle} alone: when an idle kernel
 * gives memory back by itself. It needs a kernel that says when each cell starts and ends, which only ours does.
 */
public final class GpuIdleMagic implements GpuMagic {

    static final ArgSchema ARGS = ArgSchema.usage("%gpuidle [release 10m|off] [suspend 2h|off], or %gpuidle off").positionals();

    static final String NOT_HERE = "%gpuidle needs a kernel that tells GpuMagics when each cell starts and ends, and this one does not"
            + " (IJava and JJava run cells themselves), so an idle kernel could not be told from one running a long cell."
            + " It works in the GpuMagics kernel: java -jar gpumagics.jar install";

    /**
     * The kernel's idle courtesy, as the magic reaches it.
     *
     * @param notes lines that go with the status: a kernelspec value that could not be read, this kernel's record for the others
     */
    public record KernelIdle(IdleWatch watch, Supplier<List<String>> notes) {}

    private final Optional<KernelIdle> idle;

    /** @param idle the kernel's courtesy; empty in a kernel that cannot have one */
    public GpuIdleMagic(Optional<KernelIdle> idle) {
        this.idle = idle;
    }

    @Override
    public String name() {
        return "gpuidle";
    }

    @Override
    public ArgSchema args() {
        return ARGS;
    }

    @Override
    public List<MimeBundle> run(ArgSchema.Parsed parsed, Notebook notebook) {
        KernelIdle here = idle.orElseThrow(() -> new MagicUsageException(NOT_HERE));
        List<String> words = parsed.words();
        IdleWatch watch = here.watch();
        if (words.isEmpty()) {
            IdleStatus status = watch.status();
            return List.of(MimeBundle.text(IdleText.status(status, Instant.now(), ZoneId.systemDefault(), here.notes().get())));
        }
        IdlePolicy policy = words.equals(List.of("off")) ? IdlePolicy.OFF : changed(watch.policy(), words);
        watch.setPolicy(policy);
        List<String> said = new ArrayList<>(List.of(IdleText.set(policy)));
        if (policy.suspendAfter().isPresent()) {
            watch.status().suspendUnavailable().ifPresent(why -> said.add("the suspend step cannot park anything here: " + why));
        }
        return List.of(MimeBundle.text(String.join("\n", said)));
    }

    /** The policy with each step named in the words set to its time; the steps not named stay as they were. */
    private static IdlePolicy changed(IdlePolicy now, List<String> words) {
        IdlePolicy policy = now;
        List<String> named = new ArrayList<>();
        for (int i = 0; i < words.size(); i += 2) {
            String step = words.get(i);
            if (!step.equals("release") && !step.equals("suspend")) {
                throw ARGS.fail("'" + step + "' is not a step: release or suspend, each with an idle time such as 10m, or off");
            }
            if (named.contains(step)) {
                throw ARGS.fail(step + " is given twice");
            }
            named.add(step);
            if (i + 1 >= words.size()) {
                throw ARGS.fail(step + " needs an idle time such as 30s, 10m or 2h, or off");
            }
            Optional<Duration> after;
            try {
                after = IdleDurations.parse(words.get(i + 1));
            } catch (IllegalArgumentException e) {
                throw ARGS.fail(step + ": " + e.getMessage());
            }
            policy = step.equals("release") ? policy.withRelease(after) : policy.withSuspend(after);
        }
        return policy;
    }
}
