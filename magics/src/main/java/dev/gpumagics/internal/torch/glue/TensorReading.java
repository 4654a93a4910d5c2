package dev.gpumagics.internal.torch.glue;

import dev.gpumagics.internal.torch.TensorFacts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.LongArrayRef;
import org.bytedeco.pytorch.LongVector;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Node;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OptimizerParamGroupVector;
import org.bytedeco.pytorch.Storage;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.jspecify.annotations.Nullable;

/**
 * Reads tensors into {@link TensorFacts} with as few native calls as it can, since a scan reads tens of
 * thousands of them. Every handle it creates (parameter vectors, device names, shapes) it closes before returning, so reading
 * never leaves an extra reference that would keep memory alive.
 */
final class TensorReading {

    /** By the enum's value: JavaCPP returns a fresh enum object from native code, with ordinal 0, so an EnumMap mixes them up. */
    private static final Map<Byte, String> DTYPE_NAMES = new HashMap<>();

    private TensorReading() {}

    /** Null when the handle was closed, the tensor is undefined, or it has no storage (sparse, meta). */
    static @Nullable TensorFacts read(Tensor tensor, boolean withShape) {
        TensorFacts facts = readOne(tensor, withShape);
        if (facts == null) {
            return null;
        }
        // a computed tensor has a .grad only when asked to retain one; reading it otherwise makes libtorch warn on stderr
        boolean mayHaveGradient = !facts.keepsHistory() || tensor.retains_grad();
        TensorFacts gradient = mayHaveGradient ? readOne(tensor.grad(), withShape) : null;
        return gradient == null ? facts : new TensorFacts(facts.storageKey(), facts.storageBytes(), facts.device(),
                facts.onGpu(), facts.dtype(), facts.shape(), gradient, facts.requiresGrad(), facts.gradFunction());
    }

    private static @Nullable TensorFacts readOne(Tensor tensor, boolean withShape) {
        if (tensor.isNull() || !tensor.defined() || !tensor.has_storage()) {
            return null;
        }
        // storage() is returned by reference: reading it takes no reference on the memory
        Storage storage = tensor.storage();
        long key = storage.unsafeGetStorageImpl().address();
        long bytes = storage.nbytes();
        boolean onGpu = tensor.is_cuda();
        String device = onGpu || !tensor.is_cpu() ? deviceName(tensor) : "cpu";
        List<Long> shape = withShape ? shape(tensor) : null;
        boolean requiresGrad = tensor.requires_grad();
        return new TensorFacts(key, bytes, device, onGpu, dtypeName(tensor.scalar_type()), shape, null,
                requiresGrad, requiresGrad ? gradFunction(tensor) : null);
    }

    /** grad_fn() hands out a new reference to the node: dropped here, so that reading keeps no graph alive. */
    private static @Nullable String gradFunction(Tensor tensor) {
        try (Node node = tensor.grad_fn()) {
            if (node == null || node.isNull()) {
                return null;
            }
            try (BytePointer name = node.name()) {
                return name.getString();
            }
        }
    }

    static List<TensorFacts> ofModule(Module module) {
        List<TensorFacts> facts = new ArrayList<>();
        try (TensorVector parameters = module.parameters(true); TensorVector buffers = module.buffers(true)) {
            addWithGradients(parameters, facts);
            addWithGradients(buffers, facts);
        }
        return facts;
    }

    /** Parameters and their gradients; the optimizer's state (Adam's moments) has no accessor in the JavaCPP API. */
    static List<TensorFacts> ofOptimizer(Optimizer optimizer) {
        List<TensorFacts> facts = new ArrayList<>();
        OptimizerParamGroupVector groups = optimizer.param_groups();
        for (long g = 0; g < groups.size(); g++) {
            addWithGradients(groups.get(g).params(), facts);
        }
        return facts;
    }

    private static void addWithGradients(TensorVector tensors, List<TensorFacts> into) {
        for (long i = 0; i < tensors.size(); i++) {
            TensorFacts facts = read(tensors.get(i), false);
            if (facts != null) {
                into.add(facts);
            }
        }
    }

    /** device(), str() and vec() return native copies: freed here, not left for the GC over a scan of thousands. */
    private static String deviceName(Tensor tensor) {
        try (Device device = tensor.device(); BytePointer name = device.str()) {
            return name.getString();
        }
    }

    private static List<Long> shape(Tensor tensor) {
        try (LongArrayRef sizes = tensor.sizes(); LongVector vector = sizes.vec()) {
            return boxed(vector.get());
        }
    }

    private static String dtypeName(ScalarType type) {
        synchronized (DTYPE_NAMES) {
            return DTYPE_NAMES.computeIfAbsent(type.value, v -> pythonName(torch.toString(type).getString()));
        }
    }

    /** The names PyTorch users know ({@code torch.float32}); libtorch's C++ names otherwise, lower-cased. */
    private static String pythonName(String cppName) {
        return switch (cppName) {
            case "Float" -> "float32";
            case "Double" -> "float64";
            case "Half" -> "float16";
            case "BFloat16" -> "bfloat16";
            case "Long" -> "int64";
            case "Int" -> "int32";
            case "Short" -> "int16";
            case "Char" -> "int8";
            case "Byte" -> "uint8";
            case "Bool" -> "bool";
            case "ComplexFloat" -> "complex64";
            case "ComplexDouble" -> "complex128";
            default -> cppName.toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static List<Long> boxed(long[] sizes) {
        return Arrays.stream(sizes).boxed().toList();
    }
}
