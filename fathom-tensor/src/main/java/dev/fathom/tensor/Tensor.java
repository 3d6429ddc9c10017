package dev.fathom.tensor;

import dev.fathom.backend.Device;
import dev.fathom.backend.DType;
import dev.fathom.backend.AdamStep;

import dev.fathom.autograd.GradMode;
import dev.fathom.backend.Backend;
import dev.fathom.backend.BinaryOp;
import dev.fathom.backend.ReduceOp;
import dev.fathom.backend.Storage;
import dev.fathom.backend.UnaryOp;
import dev.fathom.backend.View;

import java.util.Arrays;

/**
 * An n-dimensional array of numbers on a {@link Device}, with reverse-mode autodiff.
 *
 * <p>Ops follow NumPy and PyTorch: names, broadcasting rules, and {@code axis} arguments that may
 * be negative (counted from the end). Reshaping, transposing, slicing and broadcasting return views
 * that share memory. An op whose inputs require gradients records itself, and {@link #backward()}
 * fills the {@link #grad()} of every leaf tensor that asked for one.
 *
 * <pre>{@code
 * Generator g = new Generator(0);
 * Tensor w = Tensor.randn(g, 3, 2).requiresGrad(true);
 * Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 3);
 * Tensor loss = x.matmul(w).relu().sum();
 * loss.backward();
 * System.out.println(w.grad());       // d loss / d w, shape [3, 2]
 * }</pre>
 *
 * <p>A tensor holds its memory until it is garbage collected or {@link #close() closed}; closing
 * hands memory back at once (GPU memory, or the CPU buffer pool).
 */
public final class Tensor implements AutoCloseable {
    private View view;       // replaced only by moveTo, on a leaf (a model's weight moving to a device)
    private Device device;
    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;
    private boolean closed;

    /** Wraps a view the caller holds one reference to. */
    Tensor(View view, Device device) {
        this.view = view;
        this.device = device;
        Temporaries.created(this);
    }

    // ---- creation ----------------------------------------------------------------------------

    static Tensor allocate(DType dtype, Device device, int... shape) {
        Shapes.checkDims("allocate", shape);
        Storage s = device.backend().allocate(dtype, Shapes.size(shape));
        return new Tensor(new View(s, shape.clone(), View.contiguousStrides(shape), 0), device);
    }

    /** A float32 tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return full(DType.FLOAT32, 0, shape);
    }

    /** A tensor of zeros of the given type. */
    public static Tensor zeros(DType dtype, int... shape) {
        return full(dtype, 0, shape);
    }

    /** Zeros of {@code t}'s type and shape on its device (PyTorch's {@code zeros_like}). */
    public static Tensor zerosLike(Tensor t) {
        return zeros(t.dtype(), t.shape()).to(t.device());
    }

    /** A float32 tensor of ones. */
    public static Tensor ones(int... shape) {
        return full(DType.FLOAT32, 1, shape);
    }

    /** A float32 tensor filled with {@code value}. */
    public static Tensor full(double value, int... shape) {
        return full(DType.FLOAT32, value, shape);
    }

    /** A tensor of the given type filled with {@code value}. */
    public static Tensor full(DType dtype, double value, int... shape) {
        Tensor t = allocate(dtype, Device.cpu(), shape);
        t.backend().fill(t.view, value);
        return t;
    }

    /** A scalar (rank 0) float32 tensor. */
    public static Tensor scalar(double value) {
        return full(DType.FLOAT32, value);
    }

    /** {@code 0, 1, ..., n-1} as float32. */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /** {@code start, start+step, ...} below {@code end} (above it when step is negative), as float32. */
    public static Tensor arange(double start, double end, double step) {
        if (step == 0) throw new IllegalArgumentException("arange: step must not be 0");
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (start + i * step);
        return of(v, n);
    }

    /** The n×n identity matrix, float32. */
    public static Tensor eye(int n) {
        float[] v = new float[n * n];
        for (int i = 0; i < n; i++) v[i * n + i] = 1;
        return of(v, n, n);
    }

    /** Uniform values in [0, 1), float32. */
    public static Tensor rand(Generator g, int... shape) {
        float[] v = new float[Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (float) g.nextDouble();
        return ofShape(v, shape);
    }

    /** Standard normal values, float32. */
    public static Tensor randn(Generator g, int... shape) {
        float[] v = new float[Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (float) g.nextNormal();
        return ofShape(v, shape);
    }

    /** Like {@link #of(float[], int...)}, but an empty shape means a scalar (as in zeros()), not 1-D. */
    private static Tensor ofShape(float[] v, int[] shape) {
        return shape.length == 0 ? of(v, 1).reshape() : of(v, shape);
    }

    /** A float32 tensor holding a copy of {@code data} in row-major order; no shape means 1-D. */
    public static Tensor of(float[] data, int... shape) {
        return fromHost(data, data.length, shape);
    }

    /** A float64 tensor holding a copy of {@code data}; no shape means 1-D. */
    public static Tensor of(double[] data, int... shape) {
        return fromHost(data, data.length, shape);
    }

    /** An int32 tensor holding a copy of {@code data}; no shape means 1-D. */
    public static Tensor of(int[] data, int... shape) {
        return fromHost(data, data.length, shape);
    }

    /**
     * A float32 CPU tensor that uses {@code data} itself, without a copy (like PyTorch's
     * {@code from_numpy}): later writes to the array show in the tensor and the other way round.
     * For large arrays built once and handed over, such as a data set just read from disk.
     *
     * <pre>{@code
     * float[] pixels = readImages();                      // 188 MB
     * Tensor images = Tensor.wrap(pixels, 60000, 28, 28);  // no second 188 MB
     * }</pre>
     */
    public static Tensor wrap(float[] data, int... shape) {
        int[] s = hostShape("wrap", data.length, shape);
        Storage st = Device.cpu().backend().wrap(data);
        return new Tensor(new View(st, s, View.contiguousStrides(s), 0), Device.cpu());
    }

    /** A float32 matrix from rows of equal length. */
    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] v = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new ShapeException("of", "row " + r + " has " + rows[r].length + " values but row 0 has " + cols
                        + "; all rows of a matrix must have the same length");
            }
            System.arraycopy(rows[r], 0, v, r * cols, cols);
        }
        return of(v, rows.length, cols);
    }

    /** The shape for {@code length} host values: as given (checked to hold exactly that many), or 1-D when none is given. */
    private static int[] hostShape(String op, int length, int[] shape) {
        int[] s = shape.length == 0 ? new int[] {length} : shape.clone();
        Shapes.checkDims(op, s);
        if (Shapes.size(s) != length) {
            throw new ShapeException(op, "got " + length + " values for shape " + Shapes.str(s)
                    + ", which holds " + Shapes.size(s));
        }
        return s;
    }

    private static Tensor fromHost(Object data, int length, int[] shape) {
        int[] s = hostShape("of", length, shape);
        Storage st = Device.cpu().backend().upload(data);
        return new Tensor(new View(st, s, View.contiguousStrides(s), 0), Device.cpu());
    }

    // ---- properties --------------------------------------------------------------------------

    /** The size of each axis (a copy). */
    public int[] shape() {
        return view.shape().clone();
    }

    /** The size of one axis; negative counts from the end. */
    public int shape(int axis) {
        return view.shape()[Shapes.axis("shape", axis, rank())];
    }

    /** The number of axes. */
    public int rank() {
        return view.rank();
    }

    /** The number of elements. */
    public int size() {
        return view.size();
    }

    /** The element type. */
    public DType dtype() {
        return view.dtype();
    }

    /** Where the memory lives. */
    public Device device() {
        return device;
    }

    /** Element steps per axis (a copy). */
    public int[] strides() {
        return view.strides().clone();
    }

    /** Whether elements are dense in row-major order. */
    public boolean isContiguous() {
        return view.isContiguous();
    }

    /** The backend-level view: storage handle, shape, strides and offset. For backends and kernels. */
    public View view() {
        checkOpen();
        return view;
    }

    Backend backend() {
        return device.backend();
    }

    // ---- autodiff ----------------------------------------------------------------------------

    /** Whether gradients flow to (or through) this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks a leaf tensor (a parameter) as needing a gradient; returns this tensor.
     *
     * @throws IllegalArgumentException for integer tensors, which cannot have gradients
     * @throws IllegalStateException for a tensor computed by a recorded op (use {@link #detach()})
     */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad can only be set on a leaf tensor; this one was computed by '"
                    + gradFn.op() + "' (call detach() first)");
        }
        if (value && !dtype().isFloating()) {
            throw new IllegalArgumentException("only floating-point tensors can require gradients, this one is " + dtype());
        }
        requiresGrad = value;
        return this;
    }

    /** The accumulated gradient after {@link #backward()}, or null. */
    public Tensor grad() {
        return grad;
    }

    /** Clears the accumulated gradient. */
    public void zeroGrad() {
        if (grad != null) grad.close();
        grad = null;
    }

    /** The op that computed this tensor, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    /** The same values with no graph behind them: gradients stop here. Shares memory. */
    public Tensor detach() {
        checkOpen();
        view.storage().retain();
        return new Tensor(view, device);
    }

    /** Adds {@code g} into {@link #grad()}; called by the backward pass. */
    public void accumulateGrad(Tensor g) {
        if (grad == null) {
            grad = g.isContiguous() && g.gradFn == null && g.view.storage() != view.storage() ? g : g.contiguousCopy();
        } else {
            Tensor sum = grad.add(g);
            grad.close();
            grad = sum;
        }
    }

    /** Back-propagates from this scalar (e.g. a loss): fills {@code grad} of every leaf that requires it. */
    public void backward() {
        if (size() != 1) {
            throw new ShapeException("backward", "backward() without an argument needs a tensor with one element, got shape "
                    + Shapes.str(view.shape()) + "; reduce it first (e.g. sum() or mean()) or pass the output gradient");
        }
        backward(Tensor.full(dtype(), 1, view.shape()).to(device), false);
    }

    /** Back-propagates {@code gradOutput}, which must have this tensor's shape. */
    public void backward(Tensor gradOutput, boolean retainGraph) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward(): this tensor does not require gradients; no input of the ops"
                    + " that computed it had requiresGrad(true), or it was computed inside GradMode.noGrad()");
        }
        if (!Arrays.equals(gradOutput.view.shape(), view.shape())) {
            throw new ShapeException("backward", "output gradient has shape " + Shapes.str(gradOutput.view.shape())
                    + " but the tensor has shape " + Shapes.str(view.shape()));
        }
        Backprop.run(this, gradOutput, retainGraph);
    }

    /**
     * Whether an op over {@code inputs} is recorded for the backward pass: grad mode is on and an
     * input (null ones skipped) requires grad. Ops that keep extra state only for their gradient
     * (max pooling's winners, convolution's batch-wide product) ask it to skip that in inference.
     */
    static boolean recording(Tensor... inputs) {
        if (!GradMode.isEnabled()) return false;
        for (Tensor in : inputs) {
            if (in != null && in.requiresGrad) return true;
        }
        return false;
    }

    /** Records {@code node} as this tensor's origin when {@link #recording} says so. */
    Tensor record(String op, Tensor[] inputs, Node.Rule rule) {
        if (recording(inputs)) {
            gradFn = new Node(op, inputs, rule);
            requiresGrad = true;
        }
        return this;
    }

    /** Records a region op over {@code input} (see {@link Node.Scatter}) when grad mode is on and it requires grad. */
    Tensor record(String op, Tensor input, Node.Scatter scatter) {
        if (GradMode.isEnabled() && input.requiresGrad) {
            gradFn = new Node(op, input, scatter);
            requiresGrad = true;
        }
        return this;
    }

    /**
     * Overwrites this tensor's elements with {@code src} (broadcast to this shape, converted to this
     * type), in place: how optimizers update parameters. Views of the same memory see the change.
     *
     * <pre>{@code
     * try (var scope = GradMode.noGrad()) {
     *     w.assign(w.sub(w.grad().mul(learningRate)));
     * }
     * }</pre>
     *
     * @throws IllegalStateException when this tensor takes part in gradient recording (a leaf that
     *     requires grad outside {@code GradMode.noGrad()}, or a computed tensor): the graph would
     *     silently see changed values
     */
    public Tensor assign(Tensor src) {
        backend().copy(checkInPlace("assign", src), view);
        return this;
    }

    /**
     * Adds {@code src} (broadcast to this shape) into this tensor's elements in place, with the same
     * rules as {@link #assign}: how the backward pass sums gradients without a new buffer per term.
     */
    public Tensor addInPlace(Tensor src) {
        backend().binary(BinaryOp.ADD, view, checkInPlace("addInPlace", src), view);
        return this;
    }

    /** Checks that {@code op} may write {@code src} into this tensor; returns src's view broadcast to this shape. */
    private View checkInPlace(String op, Tensor src) {
        if (gradFn != null || (requiresGrad && GradMode.isEnabled())) {
            throw new IllegalStateException(op + ": in-place update of a tensor that requires gradients would corrupt"
                    + " the recorded graph; do it inside GradMode.noGrad() (on a leaf), or use an out-of-place op");
        }
        if (!src.device().equals(device)) {
            throw new IllegalArgumentException(op + ": source is on " + src.device() + " but this tensor is on " + device);
        }
        int[] target = view.shape();
        if (!Arrays.equals(Shapes.broadcast(op, src.view.shape(), target), target)) {
            throw new ShapeException(op, "cannot write a source of shape " + Shapes.str(src.view.shape())
                    + " into a tensor of shape " + Shapes.str(target) + "; the source must broadcast to the target");
        }
        checkOpen();
        return Ops.broadcastView(src, target);
    }

    // ---- conversion --------------------------------------------------------------------------

    /** A copy on {@code target}; this tensor itself when it is already there. Gradients flow back. */
    public Tensor to(Device target) {
        if (target.equals(device)) return this;
        Object host = toHostArray();
        Tensor out = new Tensor(new View(target.backend().upload(host), view.shape(),
                View.contiguousStrides(view.shape()), 0), target);
        Device from = device;
        return out.record("to", new Tensor[] {this}, g -> new Tensor[] {g.to(from)});
    }

    /**
     * Moves this tensor's memory to {@code target} in place, as PyTorch's {@code module.to(device)}
     * does with a module's parameters: every holder of this tensor (a layer, an optimizer) sees it
     * on the new device. Only for leaves outside any recorded graph (weights, optimizer state); its
     * gradient is dropped. {@link #to} is the copy for everything else.
     *
     * @throws IllegalStateException on a computed tensor
     */
    public void moveTo(Device target) {
        checkOpen();
        if (gradFn != null) {
            throw new IllegalStateException("moveTo: only a leaf tensor (a weight) moves in place; use to(" + target
                    + ") for a computed one");
        }
        if (target.equals(device)) return;
        Object host = toHostArray();
        View old = view;
        view = new View(target.backend().upload(host), old.shape(), View.contiguousStrides(old.shape()), 0);
        device = target;
        grad = null;
        old.storage().release();
    }

    /** A copy converted to {@code type} (the same tensor when it already has that type). */
    public Tensor asType(DType type) {
        return Ops.cast(this, type);
    }

    /** This tensor when its elements are dense in row-major order, else a dense copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : contiguousCopy();
    }

    /** A dense copy that does not share memory with this tensor. */
    public Tensor contiguousCopy() {
        return Ops.copy(this);
    }

    private Object toHostArray() {
        checkOpen();
        Object host = switch (dtype()) {
            case FLOAT32 -> new float[size()];
            case FLOAT64 -> new double[size()];
            case INT32 -> new int[size()];
        };
        backend().read(view, host);
        return host;
    }

    /** The values in row-major order, converted to float. */
    public float[] toFloatArray() {
        return (float[]) (dtype() == DType.FLOAT32 ? this : Ops.cast(this, DType.FLOAT32)).toHostArray();
    }

    /** The values in row-major order, converted to double. */
    public double[] toDoubleArray() {
        return (double[]) (dtype() == DType.FLOAT64 ? this : Ops.cast(this, DType.FLOAT64)).toHostArray();
    }

    /** The values in row-major order, converted to int (truncating toward zero). */
    public int[] toIntArray() {
        return (int[]) (dtype() == DType.INT32 ? this : Ops.cast(this, DType.INT32)).toHostArray();
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (size() != 1) {
            throw new ShapeException("item", "item() needs a tensor with one element, got shape " + Shapes.str(view.shape()));
        }
        return toDoubleArray()[0];
    }

    /**
     * Whether every element is finite: no NaN and no ±infinity (integer tensors always are). The
     * same answer as {@code torch.isfinite(x).all()}, from one pass that makes no tensor.
     *
     * <pre>{@code
     * Tensor.of(new float[] {1, Float.NaN}).allFinite();   // false
     * }</pre>
     */
    public boolean allFinite() {
        return view.size() == 0 || backend().allFinite(view);
    }

    /** The element at {@code index} (one index per axis). */
    public double get(int... index) {
        if (index.length != rank()) {
            throw new ShapeException("get", "got " + index.length + " indices for a tensor of shape " + Shapes.str(view.shape()));
        }
        Tensor t = this;
        for (int axis = index.length - 1; axis >= 0; axis--) t = t.select(axis, index[axis]);
        return t.item();
    }

    // ---- views -------------------------------------------------------------------------------

    Tensor viewOf(int[] shape, int[] strides, int offset) {
        checkOpen();
        view.storage().retain();
        return new Tensor(new View(view.storage(), shape, strides, offset), device);
    }

    /** The same elements in a new shape; one size may be -1 to be inferred. A view when possible, else a copy. */
    public Tensor reshape(int... shape) {
        return Ops.reshape(this, shape);
    }

    /** All elements as one axis. */
    public Tensor flatten() {
        return reshape(size());
    }

    /** Merges the axes from {@code startAxis} to the last into one (Keras' Flatten keeps axis 0). */
    public Tensor flatten(int startAxis) {
        int a = Shapes.axis("flatten", startAxis, Math.max(rank(), 1));
        int[] s = Arrays.copyOf(view.shape(), a + 1);
        // The product of the merged axes, not -1: with a zero-size axis -1 would be ambiguous.
        int merged = 1;
        for (int i = a; i < rank(); i++) merged *= view.shape()[i];
        s[a] = merged;
        return reshape(s);
    }

    /** Reorders the axes: axis i of the result is axis {@code order[i]} of this tensor. A view. */
    public Tensor permute(int... order) {
        return Ops.permute(this, order);
    }

    /** Swaps two axes. A view. */
    public Tensor transpose(int axis0, int axis1) {
        int[] order = Shapes.allAxes(rank());
        int a = Shapes.axis("transpose", axis0, rank());
        int b = Shapes.axis("transpose", axis1, rank());
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** The transpose of a matrix (swaps the last two axes). A view. */
    public Tensor t() {
        if (rank() < 2) throw new ShapeException("t", "t() needs at least 2 axes, got shape " + Shapes.str(view.shape()));
        return transpose(-2, -1);
    }

    /** Repeats size-1 axes (and adds leading axes) to reach {@code shape}, without copying. */
    public Tensor expand(int... shape) {
        return Ops.expand(this, shape);
    }

    /** Inserts an axis of size 1 at {@code axis}. A view. */
    public Tensor unsqueeze(int axis) {
        int a = Shapes.axis("unsqueeze", axis, rank() + 1);
        return reshape(Shapes.insert(view.shape(), a, 1));
    }

    /** Removes the size-1 axis {@code axis}. A view. */
    public Tensor squeeze(int axis) {
        int a = Shapes.axis("squeeze", axis, rank());
        if (view.shape()[a] != 1) {
            throw new ShapeException("squeeze", "axis " + axis + " of " + Shapes.str(view.shape()) + " has size "
                    + view.shape()[a] + ", only axes of size 1 can be squeezed");
        }
        return reshape(Shapes.remove(view.shape(), a));
    }

    /** Elements {@code start, start+step, ...} below {@code end} along {@code axis}; negative start/end count from the end. A view. */
    public Tensor slice(int axis, int start, int end, int step) {
        return Ops.slice(this, axis, start, end, step);
    }

    /** Elements {@code start} to {@code end - 1} along {@code axis}. A view. */
    public Tensor slice(int axis, int start, int end) {
        return slice(axis, start, end, 1);
    }

    /** The sub-tensor at {@code index} along {@code axis}, which disappears. A view. */
    public Tensor select(int axis, int index) {
        int a = Shapes.axis("select", axis, rank());
        int n = view.shape()[a];
        if (index < -n || index >= n) {
            throw new ShapeException("select", "index " + index + " is out of range for axis " + axis + " of size " + n
                    + " in shape " + Shapes.str(view.shape()));
        }
        int i = index < 0 ? index + n : index;
        return slice(a, i, i + 1).squeeze(a);
    }

    // ---- elementwise -------------------------------------------------------------------------

    public Tensor add(Tensor other) { return Ops.binary(BinaryOp.ADD, this, other); }
    public Tensor sub(Tensor other) { return Ops.binary(BinaryOp.SUB, this, other); }
    public Tensor mul(Tensor other) { return Ops.binary(BinaryOp.MUL, this, other); }
    public Tensor div(Tensor other) { return Ops.binary(BinaryOp.DIV, this, other); }
    /** {@code this ^ exponent}, elementwise. */
    public Tensor pow(Tensor exponent) { return Ops.binary(BinaryOp.POW, this, exponent); }
    /** The larger of the two, elementwise. */
    public Tensor maximum(Tensor other) { return Ops.binary(BinaryOp.MAXIMUM, this, other); }
    /** The smaller of the two, elementwise. */
    public Tensor minimum(Tensor other) { return Ops.binary(BinaryOp.MINIMUM, this, other); }

    public Tensor add(double v) { return add(like(v)); }
    public Tensor sub(double v) { return sub(like(v)); }
    public Tensor mul(double v) { return mul(like(v)); }
    public Tensor div(double v) { return div(like(v)); }
    public Tensor pow(double v) { return pow(like(v)); }
    public Tensor maximum(double v) { return maximum(like(v)); }
    public Tensor minimum(double v) { return minimum(like(v)); }

    /** 1 where equal, else 0 (same type as the operands). Comparisons carry no gradient. */
    public Tensor eq(Tensor other) { return Ops.binary(BinaryOp.EQ, this, other); }
    public Tensor ne(Tensor other) { return Ops.binary(BinaryOp.NE, this, other); }
    public Tensor lt(Tensor other) { return Ops.binary(BinaryOp.LT, this, other); }
    public Tensor le(Tensor other) { return Ops.binary(BinaryOp.LE, this, other); }
    public Tensor gt(Tensor other) { return Ops.binary(BinaryOp.GT, this, other); }
    public Tensor ge(Tensor other) { return Ops.binary(BinaryOp.GE, this, other); }
    public Tensor eq(double v) { return eq(like(v)); }
    public Tensor lt(double v) { return lt(like(v)); }
    public Tensor gt(double v) { return gt(like(v)); }

    public Tensor neg() { return Ops.unary(UnaryOp.NEG, this); }
    public Tensor exp() { return Ops.unary(UnaryOp.EXP, this); }
    public Tensor log() { return Ops.unary(UnaryOp.LOG, this); }
    public Tensor sqrt() { return Ops.unary(UnaryOp.SQRT, this); }
    public Tensor abs() { return Ops.unary(UnaryOp.ABS, this); }
    public Tensor sign() { return Ops.unary(UnaryOp.SIGN, this); }
    public Tensor tanh() { return Ops.unary(UnaryOp.TANH, this); }
    public Tensor sigmoid() { return Ops.unary(UnaryOp.SIGMOID, this); }
    public Tensor relu() { return Ops.unary(UnaryOp.RELU, this); }
    public Tensor sin() { return Ops.unary(UnaryOp.SIN, this); }
    public Tensor cos() { return Ops.unary(UnaryOp.COS, this); }

    /** {@code x * x}. */
    public Tensor square() { return mul(this); }

    /** {@code 1 / x}. */
    public Tensor reciprocal() { return like(1).div(this); }

    /** Limits values to [min, max]. */
    public Tensor clamp(double min, double max) {
        return maximum(min).minimum(max);
    }

    /**
     * Applies one Adam update to this parameter in place, with its gradient and the moment estimates
     * {@code m} and {@code v} (updated in place too), in a single pass over memory: the fused form of
     * the optimizer's elementwise ops. Not recorded for autodiff. Optimizers use it when
     * {@link #canAdamStep} says the tensors allow it.
     *
     * @throws IllegalArgumentException when the tensors are not all dense float32 of one shape on one device
     */
    public void adamStep(Tensor gradient, Tensor m, Tensor v, AdamStep step) {
        if (!canAdamStep(gradient, m, v)) {
            throw new IllegalArgumentException("adamStep needs dense float32 tensors of one shape on one device; got parameter "
                    + this + ", gradient " + gradient + ", m " + m + ", v " + v);
        }
        backend().adamStep(view, gradient.view, m.view, v.view, step);
    }

    /** Whether {@link #adamStep} can run on this parameter with these tensors. */
    public boolean canAdamStep(Tensor gradient, Tensor m, Tensor v) {
        return adamReady(this) && adamReady(gradient) && adamReady(m) && adamReady(v);
    }

    /** Dense float32 on this tensor's device and of its shape (every optimizer step asks, so no arrays are made). */
    private boolean adamReady(Tensor t) {
        return t.dtype() == DType.FLOAT32 && t.view.isContiguous() && t.device == device && Arrays.equals(t.view.shape(), view.shape());
    }

    /** {@code cond != 0 ? a : b}, elementwise with broadcasting; gradients flow to a and b. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return Ops.where(cond, a, b);
    }

    /** A scalar of this tensor's type and device, for mixing numbers into ops. */
    private Tensor like(double v) {
        Tensor s = Tensor.full(dtype().isFloating() ? dtype() : DType.FLOAT32, v);
        return s.to(device);
    }

    // ---- reductions --------------------------------------------------------------------------

    /** The sum of all elements, as a scalar. */
    public Tensor sum() { return Ops.reduce(ReduceOp.SUM, this, Shapes.allAxes(rank()), false); }
    /** Sums over {@code axis}; keepDims leaves it with size 1. */
    public Tensor sum(int axis, boolean keepDims) { return sum(new int[] {axis}, keepDims); }
    /** Sums over several axes. */
    public Tensor sum(int[] axes, boolean keepDims) { return Ops.reduce(ReduceOp.SUM, this, axes, keepDims); }

    /** The mean of all elements. */
    public Tensor mean() { return mean(Shapes.allAxes(rank()), false); }
    public Tensor mean(int axis, boolean keepDims) { return mean(new int[] {axis}, keepDims); }
    public Tensor mean(int[] axes, boolean keepDims) {
        int[] a = Shapes.axes("mean", axes, rank());
        int n = 1;
        for (int axis : a) n *= view.shape()[axis];
        return sum(a, keepDims).div(n);
    }

    /** The largest element. */
    public Tensor max() { return Ops.reduce(ReduceOp.MAX, this, Shapes.allAxes(rank()), false); }
    public Tensor max(int axis, boolean keepDims) { return Ops.reduce(ReduceOp.MAX, this, new int[] {axis}, keepDims); }
    /** The smallest element. */
    public Tensor min() { return Ops.reduce(ReduceOp.MIN, this, Shapes.allAxes(rank()), false); }
    public Tensor min(int axis, boolean keepDims) { return Ops.reduce(ReduceOp.MIN, this, new int[] {axis}, keepDims); }

    /** The position of the largest value along {@code axis} (first on ties), as int32. */
    public Tensor argmax(int axis) { return Ops.argReduce(ReduceOp.MAX, this, axis, false); }
    public Tensor argmax(int axis, boolean keepDims) { return Ops.argReduce(ReduceOp.MAX, this, axis, keepDims); }
    /** The position of the smallest value along {@code axis}, as int32. */
    public Tensor argmin(int axis) { return Ops.argReduce(ReduceOp.MIN, this, axis, false); }

    /** The population variance over {@code axis} (divides by n, like Keras and BatchNorm). */
    public Tensor var(int axis, boolean keepDims) {
        Tensor centered = sub(mean(axis, true));
        return centered.square().mean(axis, keepDims);
    }

    /** {@code log(sum(exp(x)))} over {@code axis}, computed without overflow by shifting by the max. */
    public Tensor logsumexp(int axis, boolean keepDims) {
        Tensor max = max(axis, true).detach();
        // Rows whose max is infinite (all -inf: fully masked) shift by 0, else inf - inf would give NaN.
        Tensor shift = where(max.abs().lt(Double.POSITIVE_INFINITY), max, like(0));
        Tensor out = sub(shift).exp().sum(axis, true).log().add(shift);
        return keepDims ? out : out.squeeze(axis);
    }

    /** {@code exp(x) / sum(exp(x))} over {@code axis}, shifted by the max for stability. */
    public Tensor softmax(int axis) {
        Shapes.axis("softmax", axis, rank());   // so that a bad axis names the op the caller used
        return logSoftmax(axis).exp();          // two ops (one kernel, one exp) where exp / sum(exp) takes six
    }

    /** The score a masked-out position gets before the softmax: Keras' large negative number, so exp gives exactly 0. */
    static final double MASKED_SCORE = -1e9;

    /**
     * The softmax over {@code axis} of only the positions where {@code mask} is not 0: masked
     * positions get probability 0 and no gradient, as in attention, where {@code mask} says which
     * keys a query may see. {@code mask} (any type, 1 keep and 0 drop) broadcasts to this tensor's
     * shape. Keras' masked softmax: a masked score is replaced by -1e9 before the softmax, so a line
     * with no position left spreads evenly over all of them rather than giving NaN.
     *
     * <pre>{@code
     * Tensor scores = Tensor.of(new float[] {1, 2, 3}, 1, 3);
     * Tensor p = scores.softmax(-1, Tensor.of(new float[] {1, 1, 0}, 1, 3));   // [[0.269, 0.731, 0]]
     * }</pre>
     *
     * @throws ShapeException when the mask does not broadcast to this tensor's shape
     */
    public Tensor softmax(int axis, Tensor mask) {
        Shapes.axis("softmax", axis, rank());
        if (mask == null) return softmax(axis);
        int[] shape = Shapes.broadcast("softmax", mask.view().shape(), view.shape());
        if (!Arrays.equals(shape, view.shape())) {
            throw new ShapeException("softmax", "a mask of shape " + Shapes.str(mask.view().shape())
                    + " does not broadcast to the scores " + Shapes.str(view.shape()) + " without growing them; give the mask"
                    + " the scores' axes, with size 1 where it repeats");
        }
        return where(mask, this, like(MASKED_SCORE)).softmax(axis);
    }

    /** {@code log(softmax(x))} over {@code axis}, without forming the softmax: {@code x - max - log(sum(e^(x - max)))}. */
    public Tensor logSoftmax(int axis) {
        return Ops.logSoftmax(this, axis);
    }

    // ---- products, indexing, joining ---------------------------------------------------------

    /**
     * Matrix product with NumPy semantics: 1-D operands are promoted to a row or column and the
     * added axis removed afterwards; axes before the last two are broadcast batch axes.
     */
    public Tensor matmul(Tensor other) {
        return Ops.matmul(this, other);
    }

    /** {@code out[..., i, ...] = this[..., index[..., i, ...], ...]} along {@code axis} (PyTorch's gather). */
    public Tensor gather(int axis, Tensor index) {
        return Ops.gather(this, axis, index);
    }

    /** This tensor plus {@code src} added at the positions {@code index} gives along {@code axis}. */
    public Tensor scatterAdd(int axis, Tensor index, Tensor src) {
        return Ops.scatterAdd(this, axis, index, src);
    }

    /** The slices at the positions of the 1-D int32 {@code index} along {@code axis} (rows of a table, embeddings). */
    public Tensor indexSelect(int axis, Tensor index) {
        int a = Shapes.axis("indexSelect", axis, rank());
        if (index.rank() != 1) {
            throw new ShapeException("indexSelect", "index must be 1-D, got shape " + Shapes.str(index.view.shape()));
        }
        int[] idxShape = new int[rank()];
        Arrays.fill(idxShape, 1);
        idxShape[a] = index.size();
        int[] outShape = view.shape().clone();
        outShape[a] = index.size();
        return gather(a, index.reshape(idxShape).expand(outShape));
    }

    /** Pads each axis with {@code before[i]} and {@code after[i]} elements of {@code value}. */
    public Tensor pad(int[] before, int[] after, double value) {
        return Ops.pad(this, before, after, value);
    }

    /** Joins tensors of equal shape except along {@code axis}. */
    public static Tensor concat(int axis, Tensor... tensors) {
        return Ops.concat(axis, tensors);
    }

    /** Stacks tensors of equal shape along a new axis. */
    public static Tensor stack(int axis, Tensor... tensors) {
        if (tensors.length == 0) throw new IllegalArgumentException("stack: needs at least one tensor");
        Tensor[] expanded = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            if (!Arrays.equals(tensors[i].view.shape(), tensors[0].view.shape())) {
                throw new ShapeException("stack", "tensor " + i + " has shape " + Shapes.str(tensors[i].view.shape())
                        + " but tensor 0 has " + Shapes.str(tensors[0].view.shape()) + "; stacked tensors must have equal shapes");
            }
            expanded[i] = tensors[i].unsqueeze(axis);
        }
        return concat(axis, expanded);
    }

    /** Cuts along {@code axis} into pieces of the given sizes, which must add up to the axis size. Views. */
    public Tensor[] split(int axis, int... sizes) {
        int a = Shapes.axis("split", axis, rank());
        int total = 0;
        for (int s : sizes) total += s;
        if (total != view.shape()[a]) {
            throw new ShapeException("split", "sizes " + Arrays.toString(sizes) + " add up to " + total + " but axis " + axis
                    + " of " + Shapes.str(view.shape()) + " has size " + view.shape()[a]);
        }
        Tensor[] out = new Tensor[sizes.length];
        int start = 0;
        for (int i = 0; i < sizes.length; i++) {
            out[i] = slice(a, start, start + sizes[i]);
            start += sizes[i];
        }
        return out;
    }

    // ---- lifecycle and printing --------------------------------------------------------------

    void checkOpen() {
        if (closed) throw new IllegalStateException("this tensor was closed; its memory cannot be used again");
    }

    /** Hands this tensor's reference to its memory back; the memory is freed when no view still uses it. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            view.storage().release();
        }
    }

    /** Shape, type and values (elided in the middle when large), e.g. {@code tensor([[1, 2], [3, 4]], shape=[2, 2], dtype=float32)}. */
    @Override
    public String toString() {
        if (closed) return "tensor(<closed>, shape=" + Shapes.str(view.shape()) + ")";
        return TensorFormat.format(this);
    }
}
