package dev.fathom.optimizers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.autograd.GradMode;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Numbers;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients, one {@link #step} per batch. Each optimizer follows
 * PyTorch's update formula (named in its Javadoc) so results match {@code torch.optim} to float
 * round-off; defaults are PyTorch's too.
 *
 * <p>{@link #step} reads each parameter's {@link Tensor#grad()} (parameters whose gradient is null
 * are skipped, and their own step counts do not advance, as in PyTorch), clips the gradients if
 * asked ({@link #clipValue}, then {@link #clipNorm}), and overwrites the parameters in place under
 * {@link GradMode#noGrad()} once every new value is known to be finite (otherwise it throws
 * {@link NonFiniteUpdateException} and changes nothing). It never changes or closes the gradients; {@link #zeroGrad} clears
 * them. Per-parameter state (momentum, moment estimates) is created on the first step and kept per
 * parameter tensor; {@link #stateDict}/{@link #loadStateDict} move it in and out for saving, keyed
 * by the parameter's position in the list.
 *
 * <p>The learning rate is a base rate, optionally shaped by a {@link LearningRateSchedule} that is
 * evaluated once per {@code step} call (per batch): step {@code k} (counting from 0) uses
 * {@code schedule.rate(k, baseRate)}.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(1e-3).schedule(new CosineDecay(10_000, 1e-5)).clipNorm(1.0);
 * for (Batch b : batches) {
 *     opt.zeroGrad(params);
 *     loss.compute(model.call(b.x(), true), b.y()).backward();
 *     opt.step(params);
 * }
 * }</pre>
 */
public abstract class Optimizer {
    /** Added to the global norm before dividing, as in {@code torch.nn.utils.clip_grad_norm_}. */
    private static final double CLIP_EPS = 1e-6;

    private double learningRate;
    private LearningRateSchedule schedule;
    private double clipNorm;
    private double clipValue;
    private int iterations;
    private final Map<Tensor, State> states = new IdentityHashMap<>();
    /** The update being computed within {@link #step}; {@link #write} and {@link #replace} stage into it. */
    private PendingUpdate staging;

    /** One parameter's step count and slot tensors (owned by the optimizer, replaced each step). */
    private static final class State {
        int step;
        final Tensor[] slots;

        State(int step, Tensor[] slots) {
            this.step = step;
            this.slots = slots;
        }

        void close() {
            for (Tensor t : slots) if (t != null) t.close();
        }
    }

    /**
     * Sets the base learning rate.
     *
     * @param learningRate the base learning rate, {@code >= 0}
     * @throws IllegalArgumentException for a negative or non-finite rate
     */
    protected Optimizer(double learningRate) {
        learningRate(learningRate);
    }

    /** Moves the per-parameter state (moments, momentum) to {@code device}, with the model's weights ({@code Model.to}). */
    public void moveStateTo(dev.fathom.backend.Device device) {
        for (State state : states.values()) {
            for (Tensor t : state.slots) if (t != null) t.moveTo(device);
        }
    }

    // ---- configuration -----------------------------------------------------------------------

    /** The optimizer's class name, e.g. {@code "Adam"}: shown in logs and saved models. */
    public String name() {
        return getClass().getSimpleName();
    }

    /**
     * The hyperparameters that recreate this optimizer through {@link #fromConfig}: the base
     * {@code learningRate}, the optimizer's own ({@code beta1}, {@code momentum}...), and
     * {@code clipNorm}, {@code clipValue} and {@code schedule} (a map with the schedule's {@code name})
     * when set.
     */
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("learningRate", learningRate);
        c.putAll(hyperparameters());
        if (clipNorm > 0) c.put("clipNorm", clipNorm);
        if (clipValue > 0) c.put("clipValue", clipValue);
        if (schedule != null) c.put("schedule", LearningRateSchedule.toConfig(schedule));
        return c;
    }

    /** The optimizer's own hyperparameters, in constructor order. */
    protected abstract Map<String, Object> hyperparameters();

    /** The rate the next {@link #step} will use: the base rate shaped by the schedule, if any. */
    public double learningRate() {
        return schedule == null ? learningRate : schedule.rate(iterations, learningRate);
    }

    /** The base learning rate, before the schedule. */
    public double baseLearningRate() {
        return learningRate;
    }

    /**
     * Sets the base learning rate (e.g. from a callback that lowers it on a plateau); returns this optimizer.
     *
     * @throws IllegalArgumentException for a negative or non-finite rate
     */
    public Optimizer learningRate(double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(name() + ": learning rate must be a finite number >= 0, got " + Numbers.format(rate));
        }
        this.learningRate = rate;
        return this;
    }

    /** Shapes the learning rate over steps (per batch); null removes the schedule. Returns this optimizer. */
    public Optimizer schedule(LearningRateSchedule schedule) {
        this.schedule = schedule;
        return this;
    }

    /** The learning-rate schedule, or null. */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /**
     * Before each update, scales all gradients together so their global L2 norm (over every
     * parameter, as one vector) is at most {@code maxNorm}: {@code g *= min(1, maxNorm / (norm + 1e-6))},
     * as {@code torch.nn.utils.clip_grad_norm_} does. 0 turns it off. Returns this optimizer.
     *
     * @throws IllegalArgumentException for a negative or non-finite value
     */
    public Optimizer clipNorm(double maxNorm) {
        if (!(maxNorm >= 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException(name() + ": clipNorm must be a finite number >= 0 (0 turns it off), got " + Numbers.format(maxNorm));
        }
        this.clipNorm = maxNorm;
        return this;
    }

    /** The global-norm clipping threshold; 0 when off. */
    public double clipNorm() {
        return clipNorm;
    }

    /**
     * Before each update, limits every gradient element to {@code [-value, value]}, as
     * {@code torch.nn.utils.clip_grad_value_} does; applied before {@link #clipNorm(double)} when both
     * are set. 0 turns it off. Returns this optimizer.
     *
     * @throws IllegalArgumentException for a negative or non-finite value
     */
    public Optimizer clipValue(double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name() + ": clipValue must be a finite number >= 0 (0 turns it off), got " + Numbers.format(value));
        }
        this.clipValue = value;
        return this;
    }

    /** The gradient value clipping threshold; 0 when off. */
    public double clipValue() {
        return clipValue;
    }

    /** The number of {@link #step} calls so far (the step the schedule sees next). */
    public int iterations() {
        return iterations;
    }

    // ---- stepping ----------------------------------------------------------------------------

    /**
     * Updates every parameter that has a gradient, in place, with the current learning rate; then
     * advances {@link #iterations()}. Gradients are read, not changed.
     *
     * <p>The step is applied whole or not at all: every parameter's new value (and state) is computed
     * and checked first, and only when all are finite are they written. A step that would make a
     * parameter NaN or infinite (a learning rate far too high, gradients that overflow) throws
     * {@link NonFiniteUpdateException} and leaves the parameters, the state and {@link #iterations()}
     * as they were.
     *
     * @param parameters the trainable tensors, in a fixed order (the order {@link #stateDict} uses)
     * @throws NonFiniteUpdateException when an update would make a parameter non-finite
     */
    public void step(List<Tensor> parameters) {
        double lr = learningRate();
        int n = parameters.size();
        Tensor[] grads = new Tensor[n];
        boolean[] owned = new boolean[n];
        List<PendingUpdate> pending = new ArrayList<>();
        boolean committed = false;
        try (var scope = GradMode.noGrad()) {
            for (int i = 0; i < n; i++) {
                Tensor g = parameters.get(i).grad();
                if (g == null) continue;
                if (clipValue > 0) {
                    g = g.clamp(-clipValue, clipValue);
                    owned[i] = true;
                }
                grads[i] = g;
            }
            if (clipNorm > 0) scaleToNorm(grads, owned);
            for (int i = 0; i < n; i++) {
                if (grads[i] == null) continue;
                Tensor p = parameters.get(i);
                State state = states.get(p);
                PendingUpdate u = state != null ? new PendingUpdate(i, p, state.slots, state.step, false)
                        : new PendingUpdate(i, p, initialSlots(p), 0, true);
                pending.add(u);
                staging = u;
                update(p, grads[i], u.slots, u.step + 1, lr);
                staging = null;
                if (u.nonFinite) throw new NonFiniteUpdateException(name(), i, p.shape(), lr, iterations);
            }
            for (PendingUpdate u : pending) commit(u);
            committed = true;
        } finally {
            staging = null;
            if (!committed) for (PendingUpdate u : pending) u.discard();
            for (int i = 0; i < n; i++) if (owned[i]) grads[i].close();
        }
        iterations++;
    }

    /**
     * One parameter's update, staged until the whole step is known to be finite: its new value (from
     * {@link #write}) and its slots (from {@link #replace}) beside the ones in use.
     */
    private static final class PendingUpdate {
        final int index;
        final Tensor parameter;
        final Tensor[] current;
        final Tensor[] slots;
        final int step;
        final boolean fresh;
        Tensor value;
        boolean nonFinite;

        PendingUpdate(int index, Tensor parameter, Tensor[] current, int step, boolean fresh) {
            this.index = index;
            this.parameter = parameter;
            this.current = current;
            this.slots = current.clone();
            this.step = step;
            this.fresh = fresh;
        }

        boolean isCurrent(Tensor slot) {
            for (Tensor t : current) if (t == slot) return true;
            return false;
        }

        /** Forgets the update: closes what it made, and the fresh state it would have started. */
        void discard() {
            if (value != null) value.close();
            for (int s = 0; s < slots.length; s++) if (slots[s] != current[s] && slots[s] != null) slots[s].close();
            if (fresh) for (Tensor t : current) if (t != null) t.close();
        }
    }

    private Tensor[] initialSlots(Tensor p) {
        String[] names = slotNames();
        Tensor[] slots = new Tensor[names.length];
        for (int s = 0; s < names.length; s++) slots[s] = initialSlot(names[s], p);
        return slots;
    }

    private void commit(PendingUpdate u) {
        if (u.value != null) {
            u.parameter.assign(u.value);
            u.value.close();
        }
        for (int s = 0; s < u.slots.length; s++) if (u.current[s] != u.slots[s] && u.current[s] != null) u.current[s].close();
        State state = states.get(u.parameter);
        if (state == null) {
            state = new State(0, u.slots);
            states.put(u.parameter, state);
        } else {
            System.arraycopy(u.slots, 0, state.slots, 0, u.slots.length);
        }
        state.step = u.step + 1;
    }

    /** Multiplies the gradients by {@code min(1, clipNorm / (globalNorm + 1e-6))}. */
    private void scaleToNorm(Tensor[] grads, boolean[] owned) {
        double squares = 0;
        for (Tensor g : grads) {
            if (g == null) continue;
            try (Tensor sq = g.mul(g); Tensor s = sq.sum()) {
                squares += s.item();
            }
        }
        double coefficient = clipNorm / (Math.sqrt(squares) + CLIP_EPS);
        if (coefficient >= 1) return;
        for (int i = 0; i < grads.length; i++) {
            if (grads[i] == null) continue;
            Tensor scaled = grads[i].mul(coefficient);
            if (owned[i]) grads[i].close();
            grads[i] = scaled;
            owned[i] = true;
        }
    }

    /**
     * Applies one update to {@code parameter}. Runs under {@code GradMode.noGrad()}.
     *
     * @param parameter    the tensor to overwrite (with {@link #write})
     * @param gradient     its gradient after clipping; read it, never close it
     * @param slots        the parameter's state, named by {@link #slotNames()}; swap in new tensors with
     *                     {@link #replace}
     * @param step         how many updates this parameter has had, this one included (1 on the first)
     * @param learningRate the scheduled rate for this step
     */
    protected abstract void update(Tensor parameter, Tensor gradient, Tensor[] slots, int step, double learningRate);

    /** The names of the per-parameter state tensors, e.g. {@code {"m", "v"}}; keys of {@link #stateDict}. */
    protected abstract String[] slotNames();

    /** The starting value of a state tensor: zeros shaped like the parameter unless overridden. */
    protected Tensor initialSlot(String slot, Tensor parameter) {
        return Tensor.zerosLike(parameter);
    }

    /**
     * Puts {@code value} in {@code slots[i]}. Within {@link #step} the state in use is kept until the
     * whole step is known to be finite (then it is closed); an intermediate value replaced again is
     * closed at once.
     */
    protected final void replace(Tensor[] slots, int i, Tensor value) {
        Tensor old = slots[i];
        slots[i] = value;
        if (old != null && old != value && (staging == null || !staging.isCurrent(old))) old.close();
    }

    /**
     * Sets {@code parameter} to {@code value}, which this optimizer then owns and closes. Within
     * {@link #step} the value is checked for NaN and infinity and written only once every
     * parameter's update is ready and finite, so an update writes each parameter once, at most, and
     * reads the parameter's value before this step. An update that changes a parameter in place
     * instead (a fused kernel) must be sure its result is finite.
     *
     * @throws IllegalStateException when an update writes the same parameter twice
     */
    protected final void write(Tensor parameter, Tensor value) {
        if (staging == null || staging.parameter != parameter) {
            parameter.assign(value);
            value.close();
            return;
        }
        if (staging.value != null) {
            value.close();
            throw new IllegalStateException(name() + ": update wrote parameter " + staging.index + " twice in one step;"
                    + " compute its new value and write it once");
        }
        staging.value = value;
        // One read of the new values, cache-warm just after they were made: the cost of never writing a NaN.
        if (!value.allFinite()) staging.nonFinite = true;
    }

    /** Clears the gradients of all {@code parameters}. */
    public void zeroGrad(List<Tensor> parameters) {
        for (Tensor p : parameters) p.zeroGrad();
    }

    // ---- state -------------------------------------------------------------------------------

    /**
     * A snapshot of the optimizer's state for saving: {@code "iterations"} (an int32 scalar) and, for
     * each parameter that has state, {@code "<index>.step"} (int32 scalar) and
     * {@code "<index>.<slot>"} (a copy, shaped like the parameter), e.g. {@code "0.m"}, {@code "0.v"}.
     * The index is the parameter's position in {@code parameters}.
     */
    public Map<String, Tensor> stateDict(List<Tensor> parameters) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("iterations", Tensor.full(DType.INT32, iterations));
        String[] names = slotNames();
        try (var scope = GradMode.noGrad()) {
            for (int i = 0; i < parameters.size(); i++) {
                State state = states.get(parameters.get(i));
                if (state == null) continue;
                out.put(i + ".step", Tensor.full(DType.INT32, state.step));
                for (int s = 0; s < names.length; s++) out.put(i + "." + names[s], state.slots[s].contiguousCopy());
            }
        }
        return out;
    }

    /**
     * Restores state saved by {@link #stateDict} for the same parameters in the same order (copying
     * the tensors, converted to each parameter's type and device). Parameters without entries start
     * fresh. Nothing changes when the check fails.
     *
     * @throws IllegalArgumentException for an unknown key, an index outside the list, a missing entry
     *     or a shape that differs from its parameter's
     */
    public void loadStateDict(List<Tensor> parameters, Map<String, Tensor> state) {
        String[] names = slotNames();
        List<String> known = new ArrayList<>(Arrays.asList(names));
        known.add("step");
        Map<Integer, Map<String, Tensor>> byParameter = new HashMap<>();
        int loadedIterations = 0;
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String key = e.getKey();
            if (key.equals("iterations")) {
                loadedIterations = (int) e.getValue().item();
                continue;
            }
            int dot = key.indexOf('.');
            int index;
            try {
                index = dot < 0 ? -1 : Integer.parseInt(key.substring(0, dot));
            } catch (NumberFormatException ex) {
                index = -1;
            }
            String slot = dot < 0 ? key : key.substring(dot + 1);
            if (index < 0 || !known.contains(slot)) {
                throw new IllegalArgumentException(name() + ": unknown state key '" + key + "'; expected 'iterations' or"
                        + " '<parameter index>.<name>' with a name in " + known);
            }
            if (index >= parameters.size()) {
                throw new IllegalArgumentException(name() + ": state key '" + key + "' refers to parameter " + index
                        + " but only " + parameters.size() + " parameters were given; pass the same parameters, in the"
                        + " same order, as when the state was saved");
            }
            if (!slot.equals("step") && !Arrays.equals(e.getValue().shape(), parameters.get(index).shape())) {
                throw new IllegalArgumentException(name() + ": state '" + key + "' has shape "
                        + Arrays.toString(e.getValue().shape()) + " but parameter " + index + " has shape "
                        + Arrays.toString(parameters.get(index).shape()) + "; pass the same parameters, in the same"
                        + " order, as when the state was saved");
            }
            byParameter.computeIfAbsent(index, k -> new HashMap<>()).put(slot, e.getValue());
        }
        for (Map.Entry<Integer, Map<String, Tensor>> e : byParameter.entrySet()) {
            for (String slot : known) {
                if (!e.getValue().containsKey(slot)) {
                    throw new IllegalArgumentException(name() + ": state for parameter " + e.getKey() + " has no '"
                            + e.getKey() + "." + slot + "' entry; " + name() + " needs " + known);
                }
            }
        }
        for (Tensor p : parameters) {
            State old = states.remove(p);
            if (old != null) old.close();
        }
        try (var scope = GradMode.noGrad()) {
            for (Map.Entry<Integer, Map<String, Tensor>> e : byParameter.entrySet()) {
                Tensor p = parameters.get(e.getKey());
                Tensor[] slots = new Tensor[names.length];
                for (int s = 0; s < names.length; s++) {
                    Tensor src = e.getValue().get(names[s]).to(p.device());
                    slots[s] = Tensor.zerosLike(p).assign(src);
                }
                states.put(p, new State((int) e.getValue().get("step").item(), slots));
            }
        }
        iterations = loadedIterations;
    }

    // ---- saving ------------------------------------------------------------------------------

    /**
     * The optimizer a name and {@link #config()} describe, as saved; missing hyperparameters take their
     * defaults. Keras' lower-case names ({@code "adam"}, {@code "sgd"}, {@code "rmsprop"}...) work too.
     *
     * <pre>{@code
     * Optimizer opt = Optimizer.fromConfig("Adam", Map.of("learningRate", 1e-3));
     * }</pre>
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Optimizer fromConfig(String name, Map<String, ?> config) {
        Config c = new Config(name, config);
        Optimizer opt = switch (name) {
            case "SGD", "sgd" -> new SGD(c.d("learningRate", SGD.DEFAULT_LEARNING_RATE), c.d("momentum", 0),
                    c.b("nesterov", false), c.d("weightDecay", 0));
            case "Adam", "adam" -> new Adam(c.d("learningRate", 1e-3), c.d("beta1", 0.9), c.d("beta2", 0.999),
                    c.d("epsilon", 1e-8), c.d("weightDecay", 0), c.b("amsgrad", false));
            case "AdamW", "adamw" -> new AdamW(c.d("learningRate", 1e-3), c.d("beta1", 0.9), c.d("beta2", 0.999),
                    c.d("epsilon", 1e-8), c.d("weightDecay", AdamW.DEFAULT_WEIGHT_DECAY), c.b("amsgrad", false));
            case "RMSprop", "rmsprop" -> new RMSprop(c.d("learningRate", RMSprop.DEFAULT_LEARNING_RATE), c.d("rho", 0.99),
                    c.d("epsilon", 1e-8), c.d("momentum", 0), c.b("centered", false), c.d("weightDecay", 0));
            case "Adagrad", "adagrad" -> new Adagrad(c.d("learningRate", Adagrad.DEFAULT_LEARNING_RATE),
                    c.d("initialAccumulator", 0), c.d("epsilon", 1e-10), c.d("weightDecay", 0));
            default -> throw new IllegalArgumentException("unknown optimizer '" + name
                    + "'; choose SGD, Adam, AdamW, RMSprop or Adagrad");
        };
        opt.clipNorm(c.d("clipNorm", 0)).clipValue(c.d("clipValue", 0));
        Object schedule = config.get("schedule");
        if (schedule instanceof Map<?, ?> s) opt.schedule(LearningRateSchedule.fromConfig(s));
        else if (schedule != null) throw new IllegalArgumentException(name + " config: 'schedule' must be an object, got " + schedule);
        return opt;
    }

    /**
     * Typed reads of a configuration map with defaults: a value of the wrong type (a learning rate
     * of {@code "fast"}) or a non-finite number is refused naming the owner and key, never replaced
     * by the default; ranges are checked by the constructors.
     */
    record Config(ConfigMap map) {
        @SuppressWarnings("unchecked")
        Config(String owner, Map<?, ?> map) {
            this(new ConfigMap(owner, (Map<String, ?>) map));
        }

        double d(String key, double fallback) {
            return map.number(key, fallback);
        }

        int i(String key, int fallback) {
            return map.integer(key, fallback);
        }

        boolean b(String key, boolean fallback) {
            return map.bool(key, fallback);
        }
    }

    /** Checks that {@code value} lies in {@code [lo, hi)}; names the optimizer and parameter otherwise. */
    void checkRange(String parameter, double value, double lo, double hi) {
        if (!(value >= lo && value < hi)) {
            throw new IllegalArgumentException(name() + ": " + parameter + " must be in [" + Numbers.format(lo) + ", " + Numbers.format(hi) + "), got " + Numbers.format(value));
        }
    }

    @Override
    public String toString() {
        return name() + config();
    }
}
