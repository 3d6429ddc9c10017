package dev.fathom.tensor;

import dev.fathom.autograd.GradMode;



import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode differentiation: walks the recorded graph from an output back to the leaves that
 * require gradients, in reverse topological order, and adds each gradient into the leaf's
 * {@code grad}.
 *
 * <p>The order comes from an iterative depth-first search, so deep graphs (long sequences, many
 * layers) cannot overflow the stack, and a tensor used by several ops has all its gradient
 * contributions summed before its own rule runs.
 */
public final class Backprop {
    private Backprop() {}

    /** Back-propagates {@code gradOutput} (same shape as {@code output}) through the graph. */
    public static void run(Tensor output, Tensor gradOutput, boolean retainGraph) {
        List<Tensor> order = topologicalOrder(output);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(output, gradOutput);
        // A leaf owns its grad (accumulating or zeroGrad closes it), but a rule may hand one tensor to
        // several inputs (add gives g to both) and gradOutput belongs to the caller: those get a copy.
        Set<Tensor> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
        handedOut.add(gradOutput);
        // Sums this pass allocated and no rule has seen yet: further contributions are added into them in
        // place. A tensor a rule returned may be shared (with another input, or with the rule's own
        // gradient), so it is never written to.
        Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        // Every tensor this pass creates is done with at its end, except the leaves' gradients: those are
        // kept, the others closed, so their memory serves the next pass.
        Set<Tensor> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        try (Temporaries temporaries = Temporaries.open(); var scope = GradMode.noGrad()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.remove(t);
                if (g == null) continue;
                owned.remove(g);
                Node node = t.gradFn();
                if (node == null) {
                    if (t.requiresGrad()) {
                        t.accumulateGrad(handedOut.add(g) ? g : g.contiguousCopy());
                        kept.add(t.grad());
                    }
                    continue;
                }
                Tensor[] inputs = node.inputs();
                Node.Scatter scatter = node.scatter();
                if (scatter != null) {
                    Tensor in = inputs[0];
                    if (in.requiresGrad()) scatter.addInto(g, ownedSum(grads, owned, in));
                } else {
                    Tensor[] inputGrads = node.apply(g);
                    for (int k = 0; k < inputs.length; k++) {
                        Tensor in = inputs[k];
                        Tensor ig = inputGrads[k];
                        if (ig == null || !in.requiresGrad()) continue;
                        if (!java.util.Arrays.equals(ig.view().shape(), in.view().shape())) {   // no copies: this runs per gradient
                            throw new IllegalStateException("gradient rule of '" + node.op() + "' gave shape "
                                    + java.util.Arrays.toString(ig.shape()) + " for an input of shape "
                                    + java.util.Arrays.toString(in.shape()));
                        }
                        Tensor prev = grads.get(in);
                        if (prev == null) {
                            grads.put(in, ig);
                        } else if (owned.contains(prev) && prev.dtype() == ig.dtype()) {
                            prev.addInPlace(ig);
                        } else {
                            Tensor sum = prev.add(ig);
                            owned.add(sum);
                            grads.put(in, sum);
                        }
                    }
                }
                if (!retainGraph) node.free();
            }
            // The leaves' gradients belong to their leaves (zeroGrad or the next accumulation closes them),
            // not to whatever scope encloses this pass.
            temporaries.closeOrKeep(t -> !kept.contains(t));
        }
    }

    /** The gradient of {@code in} summed so far as a buffer this pass owns (zeros when there is none yet). */
    private static Tensor ownedSum(Map<Tensor, Tensor> grads, Set<Tensor> owned, Tensor in) {
        Tensor prev = grads.get(in);
        if (prev != null && owned.contains(prev)) return prev;
        Tensor sum = Tensor.zerosLike(in);
        if (prev != null) sum.addInPlace(prev);
        owned.add(sum);
        grads.put(in, sum);
        return sum;
    }

    /** Tensors reachable from {@code root} through recorded ops, each after all of its inputs. */
    static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>(); // {tensor, next input index}
        stack.push(new Object[] {root, 0});
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Node node = t.gradFn();
            Tensor[] inputs = node == null ? new Tensor[0] : node.inputs();
            if (node != null && node.isFreed()) {
                throw new IllegalStateException("the graph through '" + node.op() + "' was already used by backward()"
                        + " and freed; pass retainGraph = true to the first backward() to call it twice");
            }
            if (next < inputs.length) {
                frame[1] = next + 1;
                Tensor in = inputs[next];
                if (in.requiresGrad() && visited.put(in, Boolean.TRUE) == null) stack.push(new Object[] {in, 0});
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}
