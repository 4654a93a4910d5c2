package dev.gpumagics.release;

import static dev.gpumagics.TorchTesting.MiB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.TorchTesting;
import dev.gpumagics.vars.MapVariables;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * 10,000 seeded random operations on real tensors: create, view, store in lists and records, use, free
 * (by name and --all with --keep), and use after free. After every free the test checks the engine
 * against its own model: a handle is closed exactly when every variable that reached it was freed,
 * every handle a remaining variable reaches still computes, and every use of a freed one is the clear
 * NullPointerException, never a crash.
 */
class RandomOperationsTest {

    static final long SEED = 20261127L;
    static final int OPERATIONS = 10_000;

    record Pair(Tensor left, Tensor right) {}

    @Test
    void tenThousandRandomOperationsEndWithoutCrashOrLeak() {
        TorchTesting.access();
        long baselineHandles = settledHandles();
        long baselineRss = TorchTesting.settledResidentBytes();
        Random random = new Random(SEED);
        MapVariables vars = new MapVariables();
        Map<String, List<Tensor>> reach = new LinkedHashMap<>();
        List<Tensor> freed = new ArrayList<>();
        MemoryRelease release = MemoryRelease.of(vars);
        int usesAfterFree = 0;
        int frees = 0;

        for (int op = 0; op < OPERATIONS; op++) {
            int dice = random.nextInt(100);
            List<String> names = new ArrayList<>(reach.keySet());
            if (dice < 30 || names.isEmpty()) {
                Tensor t = torch.ones(1 + random.nextInt(4096));
                bind(vars, reach, "t" + op, t, List.of(t));
            } else if (dice < 45) {
                Tensor source = pick(random, reach.get(pick(random, names)));
                Tensor view = source.view(-1).narrow(0, 0, 1);
                bind(vars, reach, "v" + op, view, List.of(view));
            } else if (dice < 60) {
                List<Tensor> members = new ArrayList<>();
                for (int k = 0; k < 1 + random.nextInt(3); k++) {
                    members.add(pick(random, reach.get(pick(random, names))));
                }
                if (random.nextBoolean()) {
                    bind(vars, reach, "l" + op, new ArrayList<>(members), members);
                } else {
                    Pair pair = new Pair(members.get(0), members.get(members.size() - 1));
                    bind(vars, reach, "r" + op, List.of(pair), List.of(pair.left(), pair.right()));
                }
            } else if (dice < 78) {
                for (Tensor t : reach.get(pick(random, names))) {
                    assertTrue(t.sum().item_float() >= 1, "a live variable's tensor computes");
                }
            } else if (dice < 98) {
                if (!freed.isEmpty()) {
                    Tensor dead = pick(random, freed);
                    NullPointerException e = assertThrows(NullPointerException.class, () -> dead.add(dead));
                    assertEquals("This pointer address is NULL.", e.getMessage());
                    usesAfterFree++;
                }
            } else {
                FreeRequest request;
                if (random.nextInt(10) == 0) {
                    request = FreeRequest.everything().keeping(pick(random, names));
                } else {
                    request = FreeRequest.of(pick(random, names));
                }
                FreeOutcome.Done done = assertInstanceOf(FreeOutcome.Done.class, release.free(request));
                frees++;
                check(done, vars, reach, freed);
            }
        }
        FreeOutcome.Done last = (FreeOutcome.Done) release.free(FreeRequest.everything());
        check(last, vars, reach, freed);

        assertTrue(reach.isEmpty(), "everything freed: " + reach.keySet());
        assertTrue(frees > 100 && usesAfterFree > 1000, frees + " frees, " + usesAfterFree + " uses after free");
        // every handle made here is closed: JavaCPP's count of live native objects is back where it started
        long handles = settledHandles();
        assertTrue(handles - baselineHandles <= 16, "JavaCPP handles: " + baselineHandles + " -> " + handles);
        // tensors here are at most 16 KiB, so they live in glibc's heap: what a leak-free run leaves is
        // fragmentation and the JIT's growth, measured at under 10 MiB; a leak of one tensor per free
        // operation would pass unseen, which is why the handle count above is the exact check
        long grown = TorchTesting.settledResidentBytes() - baselineRss;
        assertTrue(grown < 32 * MiB, "RSS grew " + grown / MiB + " MiB over the run");
    }

    /** Each handle is closed exactly when no remaining variable reaches it; survivors compute. */
    private static void check(FreeOutcome.Done done, MapVariables vars, Map<String, List<Tensor>> reach, List<Tensor> freed) {
        Set<Tensor> live = Collections.newSetFromMap(new IdentityHashMap<>());
        for (var outcome : done.variables()) {
            assertNull(vars.get(outcome.name()), outcome.name() + " cleared");
            reach.remove(outcome.name());
        }
        reach.values().forEach(live::addAll);
        for (var e : reach.entrySet()) {
            for (Tensor t : e.getValue()) {
                assertTrue(!t.isNull(), () -> "a handle that a remaining variable reaches stays open: " + e.getKey() + " after " + done.request() + " freed " + done.variables());
            }
        }
        // handles no remaining variable reaches are all closed
        for (Tensor t : allEverBound) {
            if (!live.contains(t)) {
                assertTrue(t.isNull(), "a handle only freed variables reached is closed");
                if (!freedSet.contains(t)) {
                    freedSet.add(t);
                    freed.add(t);
                }
            }
        }
        allEverBound.retainAll(live);
    }

    private static final Set<Tensor> allEverBound = Collections.newSetFromMap(new IdentityHashMap<>());
    private static final Set<Tensor> freedSet = Collections.newSetFromMap(new IdentityHashMap<>());

    private static void bind(MapVariables vars, Map<String, List<Tensor>> reach, String name, Object value, List<Tensor> tensors) {
        vars.put(name, value);
        reach.put(name, tensors);
        allEverBound.addAll(tensors);
    }

    private static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private static long settledHandles() {
        TorchTesting.settledResidentBytes();
        return Pointer.totalCount();
    }
}
