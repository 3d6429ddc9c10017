package dev.fathom.architecture;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The house's shape: packages depend on each other one way (no circle anywhere, the engine
 * included), and each module uses only the modules below it in the layering that
 * ARCHITECTURE.md draws.
 */
class ArchitectureTest {
    private static final SourceTree TREE = SourceTree.read();

    /** Each module and the modules it may use, bottom to top (the poms say the same; this says it in one place). */
    private static final Map<String, Set<String>> LAYERS = Map.ofEntries(
            Map.entry("fathom-tensor", Set.of()),
            Map.entry("fathom-saving", Set.of("fathom-tensor")),
            Map.entry("fathom-testkit", Set.of("fathom-tensor", "fathom-saving")),
            Map.entry("fathom-data", Set.of("fathom-tensor", "fathom-saving")),
            Map.entry("fathom-metrics", Set.of("fathom-tensor")),
            Map.entry("fathom-nn", Set.of("fathom-tensor", "fathom-saving", "fathom-data", "fathom-metrics")),
            Map.entry("fathom-ml", Set.of("fathom-tensor", "fathom-saving", "fathom-data", "fathom-metrics", "fathom-nn")),
            Map.entry("fathom-text", Set.of("fathom-tensor", "fathom-saving", "fathom-data", "fathom-metrics", "fathom-nn")),
            Map.entry("fathom-plots", Set.of("fathom-tensor", "fathom-saving", "fathom-data", "fathom-metrics", "fathom-nn", "fathom-ml",
                    "fathom-text")),
            Map.entry("fathom-workflow", Set.of("fathom-tensor", "fathom-saving", "fathom-data", "fathom-metrics", "fathom-nn", "fathom-ml", "fathom-text",
                    "fathom-plots")),
            Map.entry("fathom-serve", Set.of("fathom-tensor", "fathom-saving", "fathom-data", "fathom-metrics", "fathom-nn", "fathom-ml",
                    "fathom-text")),
            Map.entry("fathom-cuda", Set.of("fathom-tensor")),
            Map.entry("fathom-onnx", Set.of("fathom-tensor", "fathom-saving", "fathom-data", "fathom-metrics", "fathom-nn", "fathom-ml")),
            Map.entry("fathom-cli", Set.of("fathom-tensor", "fathom-saving", "fathom-data", "fathom-metrics", "fathom-nn", "fathom-ml",
                    "fathom-text", "fathom-onnx", "fathom-plots", "fathom-workflow", "fathom-serve")),
            // Optional: nothing depends on it; the command line reaches it by class name (SparkBridge).
            Map.entry("fathom-spark", Set.of("fathom-tensor", "fathom-saving", "fathom-data", "fathom-metrics", "fathom-nn", "fathom-ml",
                    "fathom-text", "fathom-plots", "fathom-workflow")));

    @Test
    void noPackageCircles() {
        List<List<String>> circles = stronglyConnected(TREE.uses).stream().filter(c -> c.size() > 1).toList();
        assertEquals(List.of(), circles, "packages that use each other in a circle; each circle's packages, then what ties them: "
                + ties(circles));
    }

    @Test
    void modulesUseOnlyTheModulesBelowThem() {
        Map<String, Set<String>> wrong = new TreeMap<>();
        TREE.uses.forEach((pkg, used) -> {
            String module = TREE.moduleOf.get(pkg);
            Set<String> allowed = LAYERS.get(module);
            assertTrue(allowed != null, "module " + module + " is missing from ArchitectureTest.LAYERS; add it with the modules it may use");
            for (String u : used) {
                String other = TREE.moduleOf.get(u);
                if (other != null && !other.equals(module) && !allowed.contains(other)) {
                    wrong.computeIfAbsent(pkg + " (" + module + ")", k -> new TreeSet<>()).add(u + " (" + other + ")");
                }
            }
        });
        assertEquals(Map.of(), wrong, "packages that use a module above their own");
    }

    @Test
    void theCheckFindsACircle() {
        // Guards the check itself: a -> b -> c -> a is one circle, d stands apart.
        Map<String, Set<String>> g = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        List<List<String>> sccs = stronglyConnected(g);
        assertTrue(sccs.contains(List.of("a", "b", "c")), String.valueOf(sccs));
        assertTrue(sccs.contains(List.of("d")), String.valueOf(sccs));
    }

    private static String ties(List<List<String>> circles) {
        StringBuilder s = new StringBuilder();
        for (List<String> c : circles) {
            for (String p : c) {
                Set<String> inCircle = new TreeSet<>(TREE.uses.get(p));
                inCircle.retainAll(c);
                s.append("\n  ").append(p).append(" -> ").append(inCircle);
            }
        }
        return s.toString();
    }

    /** Tarjan's strongly connected components, iterative (no recursion depth limit), each sorted. */
    static List<List<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String start : new TreeSet<>(graph.keySet())) {
            if (index.containsKey(start)) continue;
            Deque<Object[]> work = new ArrayDeque<>();   // {node, iterator over its successors}
            work.push(new Object[] {start, graph.getOrDefault(start, Set.of()).iterator()});
            index.put(start, counter[0]);
            low.put(start, counter[0]++);
            stack.push(start);
            onStack.add(start);
            while (!work.isEmpty()) {
                Object[] top = work.peek();
                String v = (String) top[0];
                @SuppressWarnings("unchecked")
                java.util.Iterator<String> it = (java.util.Iterator<String>) top[1];
                if (it.hasNext()) {
                    String w = it.next();
                    if (!index.containsKey(w)) {
                        index.put(w, counter[0]);
                        low.put(w, counter[0]++);
                        stack.push(w);
                        onStack.add(w);
                        work.push(new Object[] {w, graph.getOrDefault(w, Set.of()).iterator()});
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                } else {
                    work.pop();
                    if (!work.isEmpty()) {
                        String parent = (String) work.peek()[0];
                        low.put(parent, Math.min(low.get(parent), low.get(v)));
                    }
                    if (low.get(v).equals(index.get(v))) {
                        List<String> component = new ArrayList<>();
                        String w;
                        do {
                            w = stack.pop();
                            onStack.remove(w);
                            component.add(w);
                        } while (!w.equals(v));
                        component.sort(null);
                        out.add(component);
                    }
                }
            }
        }
        return out;
    }
}
