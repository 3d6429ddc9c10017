package dev.fathom.estimators;

import dev.fathom.saving.SafeTensors;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One estimator's saved state inside an {@link EstimatorTree}: JSON values (its {@code config}),
 * named tensors (fitted arrays, kept to the bit), named files (bytes, such as a network's own model
 * file) and named children (inner estimators, saved the same way). A {@link SavableEstimator}
 * writes into it with the {@code put...} methods; its {@code fromState} reads back with the typed
 * getters, which name the estimator's place in the tree and the key when something is missing or
 * of the wrong kind.
 *
 * <p>Every estimator has a path: {@code estimator} for the root, then the child keys, as
 * {@code estimator/members/knn}. Tensors and files are stored under {@code <path>/<key>}.
 *
 * <pre>{@code
 * public void saveState(EstimatorState state) {
 *     state.put("k", k);
 *     state.putMatrix("centres", centres);       // double[][] -> float64 tensor, exact
 *     state.putChild("inner", inner);            // any SavableEstimator
 * }
 * }</pre>
 */
public final class EstimatorState {
    private final String path;
    private final EstimatorTree.Store store;
    private final Map<String, Object> config;
    private final List<String> tensors;
    private final List<String> files;
    private final Map<String, Object> children;

    /** A state being written at {@code path}. */
    EstimatorState(String path, EstimatorTree.Store store) {
        this(path, store, new LinkedHashMap<>(), new ArrayList<>(), new ArrayList<>(), new LinkedHashMap<>());
    }

    /** A state being read: the node's parts, as parsed from the file. */
    EstimatorState(String path, EstimatorTree.Store store, Map<String, Object> config, List<String> tensors,
                   List<String> files, Map<String, Object> children) {
        this.path = path;
        this.store = store;
        this.config = config;
        this.tensors = tensors;
        this.files = files;
        this.children = children;
    }

    /** Where this estimator sits in the tree, as {@code estimator/members/knn}. */
    public String path() {
        return path;
    }

    // ---- writing -----------------------------------------------------------------------------

    /**
     * Records a JSON value: a string, a finite number, a boolean, or a list or map of those.
     *
     * @throws IllegalArgumentException for NaN or infinite numbers (store those with {@link #putDoubles}) and other types
     */
    public EstimatorState put(String key, Object value) {
        checkJson(key, value);
        config.put(key, value);
        return this;
    }

    /** Records a tensor, kept with its type and shape to the bit. */
    public EstimatorState putTensor(String key, Tensor value) {
        if (value == null) throw new IllegalArgumentException(path + ": tensor '" + key + "' is null");
        if (tensors.contains(key)) throw new IllegalArgumentException(path + ": tensor '" + key + "' is written twice");
        tensors.add(key);
        store.tensors.put(path + "/" + key, value.contiguous());
        return this;
    }

    /** Records doubles as a float64 tensor {@code [n]}. */
    public EstimatorState putDoubles(String key, double[] values) {
        return putTensor(key, Tensor.of(values.clone(), values.length));
    }

    /** Records a rectangular matrix as a float64 tensor {@code [rows, cols]}. */
    public EstimatorState putMatrix(String key, double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) throw new IllegalArgumentException(path + ": matrix '" + key + "' is not rectangular");
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return putTensor(key, Tensor.of(flat, rows.length, cols));
    }

    /** Records ints as an int32 tensor {@code [n]}. */
    public EstimatorState putInts(String key, int[] values) {
        return putTensor(key, Tensor.of(values.clone(), values.length));
    }

    /** Records bytes as a file of their own (a network's model file, say). */
    public EstimatorState putFile(String key, byte[] bytes) {
        if (files.contains(key)) throw new IllegalArgumentException(path + ": file '" + key + "' is written twice");
        files.add(key);
        store.files.put(path + "/" + key, bytes.clone());
        return this;
    }

    /**
     * Records an inner estimator under {@code key}, saved the same way.
     *
     * @throws IllegalArgumentException naming its path when it cannot be saved
     */
    public EstimatorState putChild(String key, Object estimator) {
        if (children.containsKey(key)) throw new IllegalArgumentException(path + ": child '" + key + "' is written twice");
        if (key.isEmpty() || key.contains("/")) {
            throw new IllegalArgumentException(path + ": child key '" + key + "' must be non-empty and hold no '/'");
        }
        children.put(key, EstimatorTree.describe(estimator, path + "/" + key, store));
        return this;
    }

    /** The node written so far: {@code {config, tensors, files, children}} (the tree adds kind and class). */
    Map<String, Object> node() {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("config", config);
        if (!tensors.isEmpty()) n.put("tensors", List.copyOf(tensors));
        if (!files.isEmpty()) n.put("files", List.copyOf(files));
        if (!children.isEmpty()) n.put("children", children);
        return n;
    }

    // ---- reading -----------------------------------------------------------------------------

    /** Whether a JSON value is recorded under {@code key}. */
    public boolean has(String key) {
        return config.get(key) != null;
    }

    /** Whether a tensor is recorded under {@code key}. */
    public boolean hasTensor(String key) {
        return tensors.contains(key);
    }

    /** Whether a child is recorded under {@code key}. */
    public boolean hasChild(String key) {
        return children.containsKey(key);
    }

    /** The raw JSON value of {@code key}, or null. */
    public Object get(String key) {
        return config.get(key);
    }

    /** A required string. */
    public String string(String key) {
        if (require(key, "a string") instanceof String s) return s;
        throw wrong(key, "a string");
    }

    /** A required number. */
    public double number(String key) {
        if (require(key, "a number") instanceof Number n) return n.doubleValue();
        throw wrong(key, "a number");
    }

    /** A required whole number that fits an int. */
    public int integer(String key) {
        long v = longValue(key);
        if (v != (int) v) throw wrong(key, "an integer of at most " + Integer.MAX_VALUE);
        return (int) v;
    }

    /** A required whole number. */
    public long longValue(String key) {
        if (require(key, "an integer") instanceof Number n && (n instanceof Integer || n instanceof Long)) return n.longValue();
        throw wrong(key, "an integer");
    }

    /** A required boolean. */
    public boolean bool(String key) {
        if (require(key, "true or false") instanceof Boolean b) return b;
        throw wrong(key, "true or false");
    }

    /** A required list of whole numbers (a shape, say). */
    public int[] integers(String key) {
        if (!(require(key, "a list of integers") instanceof List<?> list)) throw wrong(key, "a list of integers");
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Integer v)) throw wrong(key, "a list of integers");
            out[i] = v;
        }
        return out;
    }

    /** A required list of strings. */
    public List<String> strings(String key) {
        if (!(require(key, "a list of strings") instanceof List<?> list)) throw wrong(key, "a list of strings");
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) throw wrong(key, "a list of strings");
            out.add(s);
        }
        return out;
    }

    /** A required list of numbers. */
    public double[] numbers(String key) {
        if (!(require(key, "a list of numbers") instanceof List<?> list)) throw wrong(key, "a list of numbers");
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n)) throw wrong(key, "a list of numbers");
            out[i] = n.doubleValue();
        }
        return out;
    }

    /** A required enum constant, recorded by its name (any case). */
    public <E extends Enum<E>> E keyword(String key, Class<E> type) {
        String s = string(key);
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(s)) return e;
        throw new IllegalArgumentException(path + ": '" + key + "' is \"" + s + "\", which is not one of "
                + Arrays.toString(type.getEnumConstants()));
    }

    /** A required tensor. */
    public Tensor tensor(String key) {
        Tensor t = tensors.contains(key) ? store.tensors.get(path + "/" + key) : null;
        if (t == null) {
            throw new IllegalArgumentException(path + ": the weights hold no tensor '" + path + "/" + key
                    + "' that this estimator needs; the file is damaged or was edited");
        }
        store.used.add(path + "/" + key);
        return t;
    }

    /** A required tensor of the given type and rank, checked. */
    public Tensor tensor(String key, DType dtype, int rank) {
        Tensor t = tensor(key);
        if (t.dtype() != dtype || t.rank() != rank) {
            throw new IllegalArgumentException(path + ": tensor '" + key + "' is " + t.dtype() + Arrays.toString(t.shape())
                    + " but a " + dtype + " tensor of rank " + rank + " is needed; the file is damaged or was edited");
        }
        return t;
    }

    /** A float64 tensor {@code [n]} as doubles. */
    public double[] doubles(String key) {
        return tensor(key, DType.FLOAT64, 1).toDoubleArray();
    }

    /** A float64 tensor {@code [rows, cols]} as rows of doubles. */
    public double[][] matrix(String key) {
        Tensor t = tensor(key, DType.FLOAT64, 2);
        double[] flat = t.toDoubleArray();
        int cols = t.shape(1);
        double[][] out = new double[t.shape(0)][];
        for (int i = 0; i < out.length; i++) out[i] = Arrays.copyOfRange(flat, i * cols, (i + 1) * cols);
        return out;
    }

    /**
     * {@link #doubles}, refused when a value is NaN or infinite: for fitted weights and statistics
     * (coefficients, means, scales), which a file must not turn non-finite.
     */
    public double[] finiteDoubles(String key) {
        requireFinite(key);
        return doubles(key);
    }

    /** {@link #matrix}, refused when a value is NaN or infinite (see {@link #finiteDoubles}). */
    public double[][] finiteMatrix(String key) {
        requireFinite(key);
        return matrix(key);
    }

    private void requireFinite(String key) {
        SafeTensors.requireFinite(Map.of(path + "/" + key, tensor(key)), "weights.safetensors");
    }

    /** An int32 tensor {@code [n]} as ints. */
    public int[] ints(String key) {
        return tensor(key, DType.INT32, 1).toIntArray();
    }

    /** A required file's bytes. */
    public byte[] file(String key) {
        byte[] b = files.contains(key) ? store.files.get(path + "/" + key) : null;
        if (b == null) {
            throw new IllegalArgumentException(path + ": the file holds no '" + path + "/" + key
                    + "' that this estimator needs; the file is damaged or was edited");
        }
        store.used.add(path + "/" + key);
        return b.clone();
    }

    /** The inner estimator recorded under {@code key}, restored. */
    public Object child(String key) {
        if (!(children.get(key) instanceof Map<?, ?> node)) {
            throw new IllegalArgumentException(path + ": no inner estimator '" + key + "' (it has " + children.keySet() + ")");
        }
        return EstimatorTree.restore(EstimatorTree.asMap(node), path + "/" + key, store);
    }

    /** The inner estimator recorded under {@code key}, restored and checked to be an {@link Estimator}. */
    public Estimator estimator(String key) {
        Object o = child(key);
        if (o instanceof Estimator e) return e;
        throw new IllegalArgumentException(path + ": inner estimator '" + key + "' is a " + o.getClass().getSimpleName()
                + ", which is not an Estimator");
    }

    private Object require(String key, String what) {
        Object v = config.get(key);
        if (v == null) {
            throw new IllegalArgumentException(path + ": the saved config has no '" + key + "' (" + what
                    + "); the file is damaged, was edited, or was written for another estimator");
        }
        return v;
    }

    private IllegalArgumentException wrong(String key, String what) {
        return new IllegalArgumentException(path + ": '" + key + "' must be " + what + ", got " + config.get(key));
    }

    private void checkJson(String key, Object value) {
        switch (value) {
            case null -> throw new IllegalArgumentException(path + ": '" + key + "' is null; leave it out instead");
            case String s -> { }
            case Boolean b -> { }
            case Double d when !Double.isFinite(d) -> throw new IllegalArgumentException(path + ": '" + key + "' is " + d
                    + ", which JSON cannot hold; store it with putDoubles");
            case Float f when !Float.isFinite(f) -> throw new IllegalArgumentException(path + ": '" + key + "' is " + f
                    + ", which JSON cannot hold; store it with putDoubles");
            case Number n -> { }
            case List<?> list -> {
                for (Object o : list) checkJson(key, o);
            }
            case Map<?, ?> map -> {
                for (var e : map.entrySet()) {
                    if (!(e.getKey() instanceof String)) throw new IllegalArgumentException(path + ": '" + key + "' has a non-text key");
                    checkJson(key, e.getValue());
                }
            }
            default -> throw new IllegalArgumentException(path + ": '" + key + "' is a " + value.getClass().getSimpleName()
                    + "; a saved config holds strings, numbers, booleans, lists and maps");
        }
    }
}
