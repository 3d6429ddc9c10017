package dev.fathom.estimators;

import dev.fathom.backend.DeviceUnavailableException;

import dev.fathom.saving.ConfigRegistry;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A fitted estimator in saved form, and back: a JSON tree of nodes
 * {@code {"kind", "class", "config", "tensors", "files", "children"}} (one per estimator, an
 * ensemble's members and a wrapper's inner estimator as children), every tensor keyed by its
 * estimator's path ({@code estimator/children-key/.../name}), and files (bytes) keyed the same way.
 * A pipeline file stores the tree in its JSON, the tensors in one safetensors blob and the files as
 * entries of their own.
 *
 * <p>Each estimator in the tree must be a {@link SavableEstimator}. It is restored through
 * {@link #registry()} by the {@code class} its node records, through the factory registered for
 * it: Fathom's estimators and those users register. A class that is not registered is refused with
 * the known ones; it is never looked up, so a file cannot run code of its choosing. Saving checks every
 * estimator at once, so an estimator that cannot be saved is named, with its path, when the tree is
 * made, not when it is read back.
 *
 * <pre>{@code
 * EstimatorTree saved = EstimatorTree.of(new KNeighborsClassifier(5).fit(x, y));
 * Map<String, Object> json = saved.root();        // {"kind": "KNeighborsClassifier", ...}
 * Classifier back = (Classifier) EstimatorTree.restore(json, saved.tensors(), saved.files());
 * }</pre>
 */
public final class EstimatorTree {
    /** The path of the root estimator; tensors are keyed below it. */
    public static final String ROOT = "estimator";

    private static final ConfigRegistry<EstimatorState, SavableEstimator> REGISTRY = builtIns();

    /** The tensors and files of a whole tree, and which of them a restore has read. */
    static final class Store {
        final Map<String, Tensor> tensors;
        final Map<String, byte[]> files;
        final Set<String> used = new HashSet<>();

        Store(Map<String, Tensor> tensors, Map<String, byte[]> files) {
            this.tensors = tensors;
            this.files = files;
        }
    }

    private final Map<String, Object> root;
    private final Map<String, Tensor> tensors;
    private final Map<String, byte[]> files;

    private EstimatorTree(Map<String, Object> root, Map<String, Tensor> tensors, Map<String, byte[]> files) {
        this.root = root;
        this.tensors = tensors;
        this.files = files;
    }

    /**
     * The estimator classes a saved tree can name: Fathom's own (those of the packages above this
     * one come through {@link EstimatorTypes}) and those users register, e.g.
     * {@code EstimatorTree.registry().register("MeanRegressor", MeanRegressor.class, MeanRegressor::fromState)}.
     */
    public static ConfigRegistry<EstimatorState, SavableEstimator> registry() {
        return REGISTRY;
    }

    private static ConfigRegistry<EstimatorState, SavableEstimator> builtIns() {
        var registry = new ConfigRegistry<EstimatorState, SavableEstimator>("estimator", SavableEstimator.class, "fromState",
                EstimatorState.class, "EstimatorTree.registry()")
                .register("DummyClassifier", DummyClassifier.class, DummyClassifier::fromState)
                .register("DummyRegressor", DummyRegressor.class, DummyRegressor::fromState)
                .register("KMeans", KMeans.class, KMeans::fromState)
                .register("KNeighborsClassifier", KNeighborsClassifier.class, KNeighborsClassifier::fromState)
                .register("KNeighborsRegressor", KNeighborsRegressor.class, KNeighborsRegressor::fromState)
                .register("LinearRegression", LinearRegression.class, LinearRegression::fromState)
                .register("LogisticRegression", LogisticRegression.class, LogisticRegression::fromState)
                .register("NaiveRegressor", NaiveRegressor.class, NaiveRegressor::fromState)
                .register("Ridge", Ridge.class, Ridge::fromState)
                .register("NetworkClassifier", NetworkClassifier.class, NetworkClassifier::fromState)
                .register("NetworkRegressor", NetworkRegressor.class, NetworkRegressor::fromState);
        // Fathom's own loader, so Fathom's providers are always found whatever the thread's context loader.
        for (EstimatorTypes types : ServiceLoader.load(EstimatorTypes.class, EstimatorTypes.class.getClassLoader())) {
            types.registerInto(registry);
        }
        return registry;
    }

    /**
     * The saved form of a fitted {@code estimator} and everything inside it.
     *
     * @throws IllegalArgumentException naming the estimator and its path when one in the tree is
     *     not a {@link SavableEstimator} or cannot describe itself
     * @throws IllegalStateException when one is not fitted
     */
    public static EstimatorTree of(Object estimator) {
        Store store = new Store(new LinkedHashMap<>(), new LinkedHashMap<>());
        Map<String, Object> root = describe(estimator, ROOT, store);
        return new EstimatorTree(root, store.tensors, store.files);
    }

    /** The JSON tree: the root estimator's node. */
    public Map<String, Object> root() {
        return root;
    }

    /** Every tensor of the tree, keyed by path. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** Every file of the tree, keyed by path. */
    public Map<String, byte[]> files() {
        return files;
    }

    /**
     * The estimator a saved tree describes.
     *
     * @throws IllegalArgumentException naming the path when a node is malformed, its class is
     *     unknown or not savable, a tensor or file is missing or of the wrong kind, or the tensors
     *     and files hold entries no estimator reads (a damaged or edited file)
     */
    public static Object restore(Map<String, ?> root, Map<String, Tensor> tensors, Map<String, byte[]> files) {
        Store store = new Store(tensors, files);
        Object estimator = restore(root, ROOT, store);
        Set<String> unused = new TreeSet<>(tensors.keySet());
        unused.addAll(files.keySet());
        unused.removeAll(store.used);
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("the saved estimator holds " + unused + ", which no estimator of the tree reads;"
                    + " the file is damaged or was edited");
        }
        return estimator;
    }

    static Map<String, Object> describe(Object estimator, String path, Store store) {
        if (estimator == null) throw new IllegalArgumentException("cannot save " + path + ": it is null");
        if (!(estimator instanceof SavableEstimator savable)) {
            throw new IllegalArgumentException("cannot save " + path + " (" + estimator + "): " + estimator.getClass().getName()
                    + " does not implement SavableEstimator, so its fitted state cannot be written; use one of Fathom's"
                    + " estimators, or implement saveState and a static fromState in it");
        }
        EstimatorState state = new EstimatorState(path, store);
        savable.saveState(state);
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("kind", estimator.getClass().getSimpleName());
        node.put("class", estimator.getClass().getName());
        node.putAll(state.node());
        return node;
    }

    static Object restore(Map<String, ?> node, String path, Store store) {
        if (!(node.get("class") instanceof String className) || className.isEmpty()) {
            throw new IllegalArgumentException(path + ": the saved estimator has no \"class\"; the file is damaged");
        }
        // Only a registered factory: a class the file names is never looked up.
        Function<EstimatorState, SavableEstimator> factory = REGISTRY.factory(path, null, className);
        String kind = className.substring(className.lastIndexOf('.') + 1);
        Map<String, Object> config = node.get("config") instanceof Map<?, ?> c ? asMap(c) : null;
        if (config == null) throw new IllegalArgumentException(path + ": the saved estimator has no \"config\" object");
        Map<String, Object> children = node.get("children") == null ? Map.of()
                : node.get("children") instanceof Map<?, ?> c ? asMap(c) : null;
        if (children == null) throw new IllegalArgumentException(path + ": \"children\" must be an object");
        EstimatorState state = new EstimatorState(path, store, config, names(node, "tensors", path), names(node, "files", path), children);
        try {
            Object out = factory.apply(state);
            if (out == null) throw new IllegalArgumentException(path + ": " + className + ".fromState returned null");
            return out;
        } catch (DeviceUnavailableException e) {
            throw e;   // how the JVM was started, not this input: passed on as its one line
        } catch (RuntimeException e) {
            // A child's error already names its own path below this one.
            if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith(ROOT)) throw e;
            throw new IllegalArgumentException(path + " (" + kind + "): " + e.getMessage(), e);
        }
    }

    private static List<String> names(Map<String, ?> node, String key, String path) {
        Object v = node.get(key);
        if (v == null) return List.of();
        if (!(v instanceof List<?> list)) throw new IllegalArgumentException(path + ": \"" + key + "\" must be a list of names");
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) throw new IllegalArgumentException(path + ": \"" + key + "\" must be a list of names");
            out.add(s);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
