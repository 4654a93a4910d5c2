package dev.gpumagics.internal.torch.glue;

import dev.gpumagics.internal.torch.StorageHold;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OptimizerParamGroupVector;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * Extra references on storages, taken as detached aliases: a detached tensor is a new TensorImpl on the
 * same storage, so the storage's use count says how many others still hold it. Freeing a storage in place
 * instead (StorageImpl.reset) was tried and crashes the JVM on the next use of any view, so the engine
 * only ever drops references and then asks these holds what is left.
 */
final class Holds {

    private Holds() {}

    static Map<Long, StorageHold> take(Object torchObject, Set<Long> wanted) {
        Map<Long, StorageHold> holds = new HashMap<>();
        if (torchObject instanceof Tensor tensor) {
            takeOne(tensor, wanted, holds);
        } else if (torchObject instanceof Module module) {
            try (TensorVector parameters = module.parameters(true); TensorVector buffers = module.buffers(true)) {
                takeAll(parameters, wanted, holds);
                takeAll(buffers, wanted, holds);
            }
        } else if (torchObject instanceof Optimizer optimizer) {
            OptimizerParamGroupVector groups = optimizer.param_groups();
            for (long g = 0; g < groups.size(); g++) {
                takeAll(groups.get(g).params(), wanted, holds);
            }
        }
        return holds;
    }

    private static void takeAll(TensorVector tensors, Set<Long> wanted, Map<Long, StorageHold> holds) {
        for (long i = 0; i < tensors.size(); i++) {
            Tensor tensor = tensors.get(i);
            takeOne(tensor, wanted, holds);
            if (!tensor.isNull() && tensor.defined()) {
                takeOne(tensor.grad(), wanted, holds);
            }
        }
    }

    private static void takeOne(Tensor tensor, Set<Long> wanted, Map<Long, StorageHold> holds) {
        if (tensor.isNull() || !tensor.defined() || !tensor.has_storage()) {
            return;
        }
        long key = tensor.storage().unsafeGetStorageImpl().address();
        if (wanted.contains(key) && !holds.containsKey(key)) {
            holds.put(key, new DetachedHold(tensor.detach()));
        }
    }

    private record DetachedHold(Tensor alias) implements StorageHold {
        @Override
        public long otherHolders() {
            return alias.storage().use_count() - 1;
        }

        @Override
        public void close() {
            alias.close();
        }
    }
}
