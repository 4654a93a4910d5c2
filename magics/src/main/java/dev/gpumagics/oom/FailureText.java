package dev.gpumagics.oom;

import static dev.gpumagics.oom.SizeText.SIZE;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads an allocation failure out of a message, in each wording libtorch has used. The clauses are read one by
 * one rather than as one sentence, so a version that adds, drops or reorders one ({@code allowed}, the process
 * sentences, 2.1's {@code capacty}) still gives every figure it carries.
 */
final class FailureText {

    private static final String CUDA_MARKER = "CUDA out of memory.";
    private static final Pattern CPU = Pattern.compile(
            "DefaultCPUAllocator: (?:can't allocate memory|not enough memory): you tried to allocate (\\d+) bytes");

    private static final Pattern REQUESTED = Pattern.compile("Tried to allocate " + SIZE);
    private static final Pattern V1_DEVICE = Pattern.compile("\\(GPU (\\d+);");
    private static final Pattern V1_TOTAL = Pattern.compile(SIZE + " total capacity");
    private static final Pattern V1_ALLOCATED = Pattern.compile(SIZE + " already allocated");
    private static final Pattern V1_FREE = Pattern.compile(SIZE + " free[;)]");
    private static final Pattern V1_RESERVED = Pattern.compile(SIZE + " reserved in total by PyTorch");
    private static final Pattern V1_CACHED = Pattern.compile(SIZE + " cached\\)");
    private static final Pattern V2_DEVICE = Pattern.compile(
            "GPU (\\d+) has a total capac(?:i)?ty of " + SIZE + " of which " + SIZE + " is free");
    private static final Pattern V2_THIS_PROCESS = Pattern.compile("this process has " + SIZE + " memory in use");
    private static final Pattern V2_PROCESS = Pattern.compile("Process (\\d+) has " + SIZE + " memory in use");
    private static final Pattern V2_ALLOCATED = Pattern.compile("Of the allocated memory " + SIZE + " is allocated by PyTorch");
    private static final Pattern V2_CACHED = Pattern.compile("and " + SIZE + " is reserved by PyTorch but unallocated");
    private static final Pattern ALLOWED = Pattern.compile(SIZE + " allowed;");
    private static final Pattern ALLOC_CONF = Pattern.compile("(PYTORCH_[A-Z_]*ALLOC_CONF)\\b");

    /**
     * A failing CUDA call as libtorch and the CUDA libraries word it, and the error each names: libtorch's
     * {@code C10_CUDA_CHECK} prints the runtime's error string ("out of memory" is cudaErrorMemoryAllocation's),
     * its driver check the driver's (CUDA_ERROR_OUT_OF_MEMORY's is the same words).
     */
    private static final List<String[]> CUDA_CALLS = List.of(
            new String[] {"CUDA error: out of memory", "cudaErrorMemoryAllocation"},
            new String[] {"CUDA driver error: out of memory", "CUDA_ERROR_OUT_OF_MEMORY"},
            new String[] {"cudaErrorMemoryAllocation", "cudaErrorMemoryAllocation"},
            new String[] {"CUDA_ERROR_OUT_OF_MEMORY", "CUDA_ERROR_OUT_OF_MEMORY"},
            new String[] {"CUBLAS_STATUS_ALLOC_FAILED", "CUBLAS_STATUS_ALLOC_FAILED"},
            new String[] {"CUDNN_STATUS_ALLOC_FAILED", "CUDNN_STATUS_ALLOC_FAILED"});

    private FailureText() {}

    /** The failure a message tells of, or empty when it tells of none. */
    static Optional<AllocationFailure> parse(@Nullable String text, String thrownAs) {
        if (text == null) {
            return Optional.empty();
        }
        int cuda = text.indexOf(CUDA_MARKER);
        if (cuda >= 0) {
            return Optional.of(cachingAllocator(lineFrom(text, cuda), thrownAs));
        }
        Matcher cpu = CPU.matcher(text);
        if (cpu.find()) {
            int start = text.indexOf("DefaultCPUAllocator");
            return Optional.of(new Fields(Source.CPU_ALLOCATOR, lineFrom(text, start), thrownAs)
                    .requested(OptionalLong.of(Long.parseLong(cpu.group(1)))).build());
        }
        for (String[] call : CUDA_CALLS) {
            int at = text.indexOf(call[0]);
            if (at >= 0) {
                Fields fields = new Fields(Source.CUDA_CALL, lineAround(text, at), thrownAs);
                fields.cudaError = Optional.of(call[1]);
                return Optional.of(fields.build());
            }
        }
        return Optional.empty();
    }

    private static AllocationFailure cachingAllocator(String line, String thrownAs) {
        Fields f = new Fields(Source.CUDA_CACHING_ALLOCATOR, line, thrownAs);
        f.requested(size(REQUESTED, line, 1));
        Matcher v2 = V2_DEVICE.matcher(line);
        if (v2.find()) {
            f.device = OptionalInt.of(Integer.parseInt(v2.group(1)));
            f.total = SizeText.group(v2, 2);
            f.free = SizeText.group(v2, 4);
        } else {
            Matcher v1 = V1_DEVICE.matcher(line);
            if (v1.find()) {
                f.device = OptionalInt.of(Integer.parseInt(v1.group(1)));
            }
            f.total = size(V1_TOTAL, line, 1);
            f.free = size(V1_FREE, line, 1);
        }
        f.allocated = first(size(V2_ALLOCATED, line, 1), size(V1_ALLOCATED, line, 1));
        f.reserved = size(V1_RESERVED, line, 1);
        f.cached = first(size(V2_CACHED, line, 1), size(V1_CACHED, line, 1));
        f.allowed = size(ALLOWED, line, 1);
        Matcher self = V2_THIS_PROCESS.matcher(line);
        boolean listsThisProcess = self.find();
        if (listsThisProcess) {
            f.process = SizeText.group(self, 1);
        }
        List<NamedProcess> others = new ArrayList<>();
        Matcher process = V2_PROCESS.matcher(line);
        while (process.find()) {
            others.add(new NamedProcess(Long.parseLong(process.group(1)), SizeText.group(process, 2)));
        }
        f.others = listsThisProcess || !others.isEmpty() ? Optional.of(others) : Optional.empty();
        Matcher conf = ALLOC_CONF.matcher(line);
        f.allocConf = conf.find() ? Optional.of(conf.group(1)) : Optional.empty();
        return f.build();
    }

    private static OptionalLong size(Pattern pattern, String line, int group) {
        Matcher m = pattern.matcher(line);
        return m.find() ? SizeText.group(m, group) : OptionalLong.empty();
    }

    private static OptionalLong first(OptionalLong preferred, OptionalLong otherwise) {
        return preferred.isPresent() ? preferred : otherwise;
    }

    /** From {@code start} to the end of its line: libtorch puts its C++ backtrace on the lines after. */
    private static String lineFrom(String text, int start) {
        int end = text.indexOf('\n', start);
        return (end < 0 ? text.substring(start) : text.substring(start, end)).strip();
    }

    private static String lineAround(String text, int at) {
        int start = text.lastIndexOf('\n', at) + 1;
        return lineFrom(text, start);
    }

    /** What one message gave, gathered clause by clause. */
    private static final class Fields {
        final Source source;
        final String message;
        final String thrownAs;
        OptionalLong requested = OptionalLong.empty();
        OptionalInt device = OptionalInt.empty();
        OptionalLong total = OptionalLong.empty();
        OptionalLong free = OptionalLong.empty();
        OptionalLong process = OptionalLong.empty();
        OptionalLong allocated = OptionalLong.empty();
        OptionalLong reserved = OptionalLong.empty();
        OptionalLong cached = OptionalLong.empty();
        OptionalLong allowed = OptionalLong.empty();
        Optional<List<NamedProcess>> others = Optional.empty();
        Optional<String> allocConf = Optional.empty();
        Optional<String> cudaError = Optional.empty();

        Fields(Source source, String message, String thrownAs) {
            this.source = source;
            this.message = message;
            this.thrownAs = thrownAs;
        }

        Fields requested(OptionalLong bytes) {
            requested = bytes;
            return this;
        }

        AllocationFailure build() {
            return new AllocationFailure(source, message, thrownAs, requested, device, total, free, process, allocated,
                    reserved, cached, allowed, others, allocConf, cudaError);
        }
    }
}
