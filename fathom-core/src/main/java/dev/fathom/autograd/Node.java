package dev.fathom.autograd;

import dev.fathom.tensor.Tensor;

/**
 * One recorded op in the graph: the inputs it read and the rule that turns the gradient of its
 * output into gradients of those inputs. Created by the primitive ops, walked by {@link Backprop}.
 */
public final class Node {
    /** Maps the gradient of the output to one gradient per input (null where none is needed). */
    @FunctionalInterface
    public interface Rule {
        Tensor[] apply(Tensor gradOutput);
    }

    private final String op;
    private Tensor[] inputs;
    private Rule rule;

    public Node(String op, Tensor[] inputs, Rule rule) {
        this.op = op;
        this.inputs = inputs;
        this.rule = rule;
    }

    /** The op that produced the tensor, e.g. {@code "matmul"}. */
    public String op() {
        return op;
    }

    /** The tensors the op read; empty after the graph was freed by a backward pass. */
    public Tensor[] inputs() {
        return inputs;
    }

    Tensor[] apply(Tensor gradOutput) {
        if (rule == null) {
            throw new IllegalStateException("the graph through '" + op + "' was already used by backward() and freed;"
                    + " pass retainGraph = true to the first backward() to call it twice");
        }
        return rule.apply(gradOutput);
    }

    void free() {
        inputs = new Tensor[0];
        rule = null;
    }

    boolean isFreed() {
        return rule == null;
    }
}
