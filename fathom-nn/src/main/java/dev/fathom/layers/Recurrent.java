package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.ShapeException;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What {@link SimpleRNN}, {@link LSTM} and {@link GRU} share: the weights in PyTorch's layout, the
 * loop over time, initial and final states, and the config. Each subclass says how many gates it
 * has, how many state tensors it carries, and one step of its cell.
 *
 * <p>Weights, with G gates ({@code G = 1, 4, 3}) and PyTorch's names for layer 0 in brackets:
 * {@code kernel [G·units, features]} ({@code weight_ih_l0}), {@code recurrentKernel [G·units, units]}
 * ({@code weight_hh_l0}), {@code bias [G·units]} ({@code bias_ih_l0}) and
 * {@code recurrentBias [G·units]} ({@code bias_hh_l0}). Two biases, as in PyTorch, because GRU's
 * candidate needs the recurrent one apart ({@code r * (W_hn h + b_hn)}); they let PyTorch's
 * weights load one for one.
 *
 * <p>The input projection {@code x · kernelᵀ + bias} is computed for every time step in one matrix
 * product before the loop; only {@code h · recurrentKernelᵀ} runs per step. Backpropagation through
 * time is autodiff of the unrolled loop.
 *
 * <p>With a mask of padded steps ({@code [batch, time]}, from {@code Embedding.maskZero} or
 * {@link Masking}, or given to {@link #call(Tensor, Tensor, boolean)}) a masked step leaves the states
 * as they were: the last output is each sequence's state at its last real step, and with
 * {@code returnSequences} a masked step outputs zeros (as Keras does, and as PyTorch's
 * {@code pad_packed_sequence} pads). Read backwards, a right-padded sequence starts from its own last
 * real step, which is what PyTorch's packed sequences do. The mask is applied with {@code where}, so
 * no gradient reaches a padded step; without a mask the loop is unchanged.
 *
 * @param <L> the layer itself, so the setters return it
 */
abstract class Recurrent<L extends Recurrent<L>> extends Layer {
    private final int units;
    private String activation = "tanh";
    private boolean returnSequences;
    private boolean goBackwards;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializer.glorotUniform();
    // PyTorch's uniform ±1/sqrt(units) (its fan-in here is units); Keras uses orthogonal, which Fathom lacks.
    private Initializer recurrentInitializer = Initializer.varianceScaling(1.0 / 3, "fan_in", "uniform");
    private Initializer biasInitializer = Initializer.zeros();
    private Regularizer kernelRegularizer;
    private Regularizer recurrentRegularizer;
    private Regularizer biasRegularizer;
    private int features;
    Tensor kernel;
    Tensor recurrentKernel;
    /** Null when {@code useBias(false)}, as is {@link #recurrentBias}. */
    Tensor bias;
    Tensor recurrentBias;

    Recurrent(int units) {
        if (units < 1) throw new IllegalArgumentException(getClass().getSimpleName() + ": units must be >= 1, got " + units);
        this.units = units;
    }

    @SuppressWarnings("unchecked")
    private L self() {
        return (L) this;
    }

    /** The number of gates G: rows of the kernels are G blocks of {@code units}. */
    abstract int gates();

    /** How many state tensors the cell carries: 1 (h), or 2 for LSTM (h, c). */
    abstract int stateCount();

    /**
     * One time step. {@code xw} is {@code x_t · kernelᵀ + bias} and {@code hw} is
     * {@code h · recurrentKernelᵀ + recurrentBias}, both {@code [batch, G·units]}; returns the new
     * states, the output {@code h} first.
     */
    abstract Tensor[] step(Tensor xw, Tensor hw, Tensor[] states);

    /** The number of output features (and the size of each state). */
    public int units() { return units; }

    /** The activation of the output (SimpleRNN) or the candidate (LSTM, GRU); default {@code "tanh"}. */
    public L activation(String activation) { this.activation = Activations.check(activation); return self(); }
    /** Whether to return the output of every step {@code [batch, time, units]} or the last {@code [batch, units]} (default). */
    public L returnSequences(boolean returnSequences) { this.returnSequences = returnSequences; return self(); }
    /** Whether to read the sequence from its end; the output sequence is then in that reversed order (Keras' go_backwards). */
    public L goBackwards(boolean goBackwards) { this.goBackwards = goBackwards; return self(); }
    /** Whether to add the two biases (default true; false is PyTorch's {@code bias=False}). */
    public L useBias(boolean useBias) { this.useBias = useBias; return self(); }
    /** How the input kernel starts (default Glorot-uniform). */
    public L kernelInitializer(Initializer init) { this.kernelInitializer = init; return self(); }
    /** How the recurrent kernel starts (default uniform ±1/sqrt(units), PyTorch's). */
    public L recurrentInitializer(Initializer init) { this.recurrentInitializer = init; return self(); }
    /** How both biases start (default zeros). */
    public L biasInitializer(Initializer init) { this.biasInitializer = init; return self(); }
    /** A penalty on the input kernel (default none). */
    public L kernelRegularizer(Regularizer r) { this.kernelRegularizer = r; return self(); }
    /** A penalty on the recurrent kernel (default none). */
    public L recurrentRegularizer(Regularizer r) { this.recurrentRegularizer = r; return self(); }
    /** A penalty on each of the two biases (default none). */
    public L biasRegularizer(Regularizer r) { this.biasRegularizer = r; return self(); }

    /**
     * Takes {@code other}'s initializers and regularizers as objects, for a copy made from a config:
     * an initializer of the user's own is saved as "custom" and would not come back from it.
     */
    void takeInitializersFrom(Recurrent<?> other) {
        kernelInitializer = other.kernelInitializer;
        recurrentInitializer = other.recurrentInitializer;
        biasInitializer = other.biasInitializer;
        kernelRegularizer = other.kernelRegularizer;
        recurrentRegularizer = other.recurrentRegularizer;
        biasRegularizer = other.biasRegularizer;
    }

    String activationName() { return activation; }
    boolean returnsSequences() { return returnSequences; }
    boolean goesBackwards() { return goBackwards; }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        if (in.length != 2) throw shapeError(rankAdvice(in));
        if (in[0] < 1 || in[1] < 1) {
            throw shapeError("got input " + batchShape(in) + " but time and features must each be at least 1");
        }
        features = in[1];
        int rows = gates() * units;
        kernel = addWeight("kernel", kernelInitializer.create(new int[] {rows, features}, features, rows, g), true, kernelRegularizer);
        recurrentKernel = addWeight("recurrentKernel", recurrentInitializer.create(new int[] {rows, units}, units, rows, g),
                true, recurrentRegularizer);
        if (useBias) {
            bias = addWeight("bias", initialBias(biasInitializer.create(new int[] {rows}, units, rows, g)), true, biasRegularizer);
            recurrentBias = addWeight("recurrentBias", biasInitializer.create(new int[] {rows}, units, rows, g), true, biasRegularizer);
        } else {
            bias = null;
            recurrentBias = null;
        }
        return returnSequences ? new int[] {in[0], units} : new int[] {units};
    }

    /** A hook for LSTM's forget-gate bias of 1; the input bias as drawn by default. */
    Tensor initialBias(Tensor drawn) {
        return drawn;
    }

    private String rankAdvice(int[] in) {
        String need = " but needs [batch, time, features]";
        if (in.length == 0) return "got scalar samples " + batchShape(in) + need + "; reshape the data to [batch, 1, 1]";
        if (in.length == 1) {
            return "got input " + batchShape(in) + need + "; a sequence of " + in[0] + " single values is [batch, " + in[0]
                    + ", 1]: add Reshape(" + in[0] + ", 1) before this layer (or reshape the data); one step of " + in[0]
                    + " features is [batch, 1, " + in[0] + "]";
        }
        int rest = product(Arrays.copyOfRange(in, 1, in.length));
        return "got input " + batchShape(in) + need + "; add Reshape(" + in[0] + ", " + rest + ") before this layer to read "
                + in[0] + " steps of " + rest + " features, " + batchShape(new int[] {in[0], rest});
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return callWithStates(x, null, training).get(0);
    }

    /** Runs the layer skipping the steps {@code mask} ({@code [batch, time]}, 0 for padding) marks; null for none. */
    @Override
    public Tensor call(Tensor x, Tensor mask, boolean training) {
        return callWithStates(x, mask, null, training).get(0);
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    /** The mask goes on with the sequence ({@code returnSequences}) and stops with the last output. */
    @Override
    public boolean outputsMask(boolean inputMasked) {
        return inputMasked && returnSequences;
    }

    @Override
    public Tensor computeMask(Tensor x, Tensor mask) {
        return returnSequences ? mask : null;
    }

    /**
     * Runs the layer from the given initial states and returns {@code [output, h]} ({@code [output,
     * h, c]} for LSTM): the output as {@link #call} gives it, then the final states, each
     * {@code [batch, units]} (Keras' {@code return_state=True}).
     *
     * @param x             {@code [batch, time, features]}
     * @param initialStates {@code [h]} or, for LSTM, {@code [h, c]}, each {@code [batch, units]};
     *                      null or empty starts from zeros
     * @throws ShapeException when {@code x} or a state does not have the shape the layer needs
     */
    public List<Tensor> callWithStates(Tensor x, List<Tensor> initialStates, boolean training) {
        return callWithStates(x, null, initialStates, training);
    }

    /**
     * {@link #callWithStates(Tensor, List, boolean)} skipping the padded steps: a step where
     * {@code mask} ({@code [batch, time]}, 1 for a real step, 0 for padding; null for none) is 0
     * leaves the states unchanged and, with {@code returnSequences}, outputs zeros. The final states
     * are then each sequence's states after its last real step.
     *
     * @throws ShapeException when {@code x}, the mask or a state does not have the shape the layer needs
     */
    public List<Tensor> callWithStates(Tensor x, Tensor mask, List<Tensor> initialStates, boolean training) {
        buildOnFirstCall(x);
        Tensor[] states = checkInput(x, initialStates);
        List<Tensor> outputs = scan(x, Masks.check(this, x, mask), states, goBackwards);
        if (goBackwards) java.util.Collections.reverse(outputs);   // Keras: the output is in reading order
        return finish(outputs, states);
    }

    /** Checks x's rank and features and the states' shapes; returns the states to start from. */
    Tensor[] checkInput(Tensor x, List<Tensor> initialStates) {
        if (x.rank() != 3 || x.shape(2) != features) {
            throw shapeError("got a batch of shape " + Arrays.toString(x.shape()) + " but needs [batch, time, " + features
                    + "] (built for " + batchShape(inputShape()) + ")");
        }
        int batch = x.shape(0);
        Tensor[] states = new Tensor[stateCount()];
        if (initialStates == null || initialStates.isEmpty()) {
            for (int i = 0; i < states.length; i++) states[i] = Tensor.zeros(x.dtype(), batch, units).to(x.device());
            return states;
        }
        if (initialStates.size() != states.length) {
            throw new IllegalArgumentException(typeName() + ": got " + initialStates.size() + " initial states but needs "
                    + states.length + " (" + stateNames() + "), each [batch, " + units + "]");
        }
        for (int i = 0; i < states.length; i++) {
            Tensor s = initialStates.get(i);
            if (s.rank() != 2 || s.shape(0) != batch || s.shape(1) != units) {
                throw shapeError("initial state " + i + " has shape " + Arrays.toString(s.shape()) + " but needs [" + batch
                        + ", " + units + "] ([batch, units] for the batch of " + batch + ")");
            }
            states[i] = s;
        }
        return states;
    }

    String stateNames() {
        return "h";
    }

    /**
     * Runs the cell over time, from the last step backwards when {@code reverse}; returns the output
     * of each step indexed by input position, and leaves the final states in {@code states}. Where
     * {@code mask} (checked float32 {@code [batch, time]}, or null) is 0 the states are carried over
     * and the output is 0.
     */
    List<Tensor> scan(Tensor x, Tensor mask, Tensor[] states, boolean reverse) {
        int time = x.shape(1);
        Tensor xw = x.matmul(kernel.t());   // [batch, time, G·units] in one product
        if (bias != null) xw = xw.add(bias);
        Tensor keep = mask == null ? null : mask.unsqueeze(2);   // [batch, time, 1]: broadcasts over units
        Tensor zero = mask == null ? null : Tensor.zeros(x.dtype()).to(x.device());
        Tensor[] out = new Tensor[time];
        for (int k = 0; k < time; k++) {
            int t = reverse ? time - 1 - k : k;
            Tensor hw = states[0].matmul(recurrentKernel.t());
            if (recurrentBias != null) hw = hw.add(recurrentBias);
            Tensor[] next = step(xw.select(1, t), hw, states);
            if (keep == null) {
                System.arraycopy(next, 0, states, 0, states.length);
                out[t] = states[0];
            } else {
                // where, not a blend by multiplication: a padded step gets no gradient at all.
                Tensor real = keep.select(1, t);
                for (int s = 0; s < states.length; s++) states[s] = Tensor.where(real, next[s], states[s]);
                out[t] = Tensor.where(real, states[0], zero);
            }
        }
        return new ArrayList<>(Arrays.asList(out));
    }

    /** The output (last or whole sequence, from outputs in the order to return them) followed by the states. */
    List<Tensor> finish(List<Tensor> outputs, Tensor[] states) {
        List<Tensor> result = new ArrayList<>();
        result.add(returnSequences ? Tensor.stack(1, outputs.toArray(Tensor[]::new)) : states[0]);
        result.addAll(Arrays.asList(states));
        return result;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("units", units);
        c.put("activation", activation);
        putGateConfig(c);
        c.put("returnSequences", returnSequences);
        c.put("goBackwards", goBackwards);
        c.put("useBias", useBias);
        c.put("kernelInitializer", kernelInitializer.config());
        c.put("recurrentInitializer", recurrentInitializer.config());
        c.put("biasInitializer", biasInitializer.config());
        if (kernelRegularizer != null) c.put("kernelRegularizer", kernelRegularizer.config());
        if (recurrentRegularizer != null) c.put("recurrentRegularizer", recurrentRegularizer.config());
        if (biasRegularizer != null) c.put("biasRegularizer", biasRegularizer.config());
        return c;
    }

    /** Where LSTM and GRU add their recurrent activation (and LSTM its forget bias). */
    void putGateConfig(Map<String, Object> c) {}

    /** Sets what {@link #config} wrote on {@code layer}, with the defaults for missing keys. */
    static <L extends Recurrent<L>> L readConfig(ConfigMap c, L layer) {
        Recurrent<L> d = layer;
        return layer.activation(c.string("activation", "tanh"))
                .returnSequences(c.bool("returnSequences", false))
                .goBackwards(c.bool("goBackwards", false))
                .useBias(c.bool("useBias", true))
                .kernelInitializer(Initializer.read(c, "kernelInitializer", d.kernelInitializer))
                .recurrentInitializer(Initializer.read(c, "recurrentInitializer", d.recurrentInitializer))
                .biasInitializer(Initializer.read(c, "biasInitializer", d.biasInitializer))
                .kernelRegularizer(Regularizer.read(c, "kernelRegularizer"))
                .recurrentRegularizer(Regularizer.read(c, "recurrentRegularizer"))
                .biasRegularizer(Regularizer.read(c, "biasRegularizer"));
    }

    /** The keys {@link #config} may write, plus {@code extra}. */
    static java.util.Set<String> configKeys(String... extra) {
        java.util.Set<String> keys = new java.util.HashSet<>(List.of("units", "activation", "returnSequences", "goBackwards",
                "useBias", "kernelInitializer", "recurrentInitializer", "biasInitializer", "kernelRegularizer",
                "recurrentRegularizer", "biasRegularizer"));
        keys.addAll(List.of(extra));
        return keys;
    }
}
