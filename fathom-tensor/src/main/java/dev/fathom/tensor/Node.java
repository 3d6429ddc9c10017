package dev.fathom.tensor;



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

    /**
     * The gradient rule of an op whose output is a region of its one input (a slice): adds the
     * gradient of the output into {@code inputGrad}, the input's gradient being summed (zeros at
     * first), in place. A sequence read step by step is sliced once per step; placing each step's
     * gradient into one shared buffer costs the step's size, where a rule building a zero tensor of
     * the input's size per slice would cost the whole sequence each time.
     */
    @FunctionalInterface
    public interface Scatter {
        void addInto(Tensor gradOutput, Tensor inputGrad);
    }

    private final String op;
    private Tensor[] inputs;
    private Rule rule;
    private final Scatter scatter;

    public Node(String op, Tensor[] inputs, Rule rule) {
        this.op = op;
        this.inputs = inputs;
        this.rule = rule;
        this.scatter = null;
    }

    /** A node of a region op over {@code input}: its gradient is {@code scatter}ed into the input's. */
    public Node(String op, Tensor input, Scatter scatter) {
        this.op = op;
        this.inputs = new Tensor[] {input};
        this.scatter = scatter;
        this.rule = g -> {
            Tensor full = Tensor.zerosLike(inputs[0]);
            scatter.addInto(g, full);
            return new Tensor[] {full};
        };
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

    /** The in-place form of the rule, or null when the op has only {@link #apply}. */
    Scatter scatter() {
        return rule == null ? null : scatter;
    }

    void free() {
        inputs = new Tensor[0];
        rule = null;
    }

    boolean isFreed() {
        return rule == null;
    }
}
