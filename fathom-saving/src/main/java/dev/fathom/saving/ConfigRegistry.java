package dev.fathom.saving;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Recreates saved objects of one kind (layers, models, estimators, preprocessing steps) from
 * their configs: each name a file may carry maps to a factory that reads the config and returns
 * the object. Fathom registers its own types by name, so loading them takes no reflection; users
 * {@link #register} theirs the same way.
 *
 * <p>Loading runs no code of the file's choosing: a name (or a {@code "class"}, which files carry
 * for users' types) resolves only to a factory registered here, never to a class looked up by the
 * name. An unknown name is refused in one line that lists the known names and gives the
 * {@link #register} call that would load it. To load a type of your own, register it before
 * loading, in the program that loads the file:
 *
 * <pre>{@code
 * ConfigRegistry<Map<String, Object>, Layer> layers = LayerConfigs.registry();
 * layers.register("Scale", Scale.class, Scale::fromConfig);          // a layer of your own
 * Layer dense = layers.create("layer 'out'", "Dense", null, Map.<String, Object>of("units", 10));
 * }</pre>
 *
 * @param <C> what a factory reads: a config map, or an estimator's saved state
 * @param <T> the kind of object made
 */
public final class ConfigRegistry<C, T> {
    /** One registered type: its name in files, its class, and what makes it. */
    private record Entry<C, T>(String name, Class<? extends T> type, Function<? super C, ? extends T> factory) {}

    private final String kind;
    private final Class<T> type;
    private final String factoryMethod;
    private final Class<? super C> configType;
    private final String access;
    private final Map<String, Entry<C, T>> byName = new TreeMap<>();
    private final Map<String, Entry<C, T>> byClass = new HashMap<>();

    /**
     * An empty registry.
     *
     * @param kind          what it makes, in messages: {@code "layer"}, {@code "model"}
     * @param type          the type every object it makes has
     * @param factoryMethod the usual name of a type's factory, for the fix in messages: {@code "fromConfig"}
     * @param configType    what a factory reads, for the fix in messages: {@code Map.class}
     * @param access        how users reach this registry, for the fix in messages: {@code "LayerConfigs.registry()"}
     */
    public ConfigRegistry(String kind, Class<T> type, String factoryMethod, Class<? super C> configType, String access) {
        this.kind = kind;
        this.type = type;
        this.factoryMethod = factoryMethod;
        this.configType = configType;
        this.access = access;
    }

    /**
     * Registers {@code factory} as the way to make {@code name}, the type a file names, which is
     * class {@code cls}: files that carry either the name or the class name load through it.
     * Registering the same name for the same class again replaces the factory.
     *
     * @return this registry
     * @throws IllegalArgumentException when an argument is null or blank, or the name or the class
     *     is already registered for another class or name
     */
    public synchronized <S extends T> ConfigRegistry<C, T> register(String name, Class<S> cls,
                                                                   Function<? super C, ? extends S> factory) {
        if (name == null || name.isBlank() || cls == null || factory == null) {
            throw new IllegalArgumentException(access + ".register(name, class, factory): got (" + name + ", " + cls + ", "
                    + factory + "); each must be given, e.g. register(\"Scale\", Scale.class, Scale::" + factoryMethod + "), where "
                    + factoryMethod + " takes a " + configType.getSimpleName() + " and returns a " + type.getSimpleName());
        }
        Entry<C, T> named = byName.get(name);
        if (named != null && named.type() != cls) {
            throw new IllegalArgumentException(access + ".register: the " + kind + " name '" + name + "' is taken by "
                    + named.type().getName() + "; register " + cls.getName() + " under another name");
        }
        Entry<C, T> classed = byClass.get(cls.getName());
        if (classed != null && !classed.name().equals(name)) {
            throw new IllegalArgumentException(access + ".register: " + cls.getName() + " is already registered as '"
                    + classed.name() + "'; a class has one name");
        }
        Entry<C, T> entry = new Entry<>(name, cls, factory);
        byName.put(name, entry);
        byClass.put(cls.getName(), entry);
        return this;
    }

    /** Whether {@code name} is registered. */
    public synchronized boolean has(String name) {
        return byName.containsKey(name);
    }

    /** The registered names, sorted. */
    public synchronized List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * What makes the object an entry of a file describes: the factory registered for
     * {@code className} when one is given, else the one registered for {@code name}. Nothing is
     * run yet; the factory's own errors come out of {@link Function#apply} unchanged. No class is
     * ever looked up by the name a file gives: only registered types load.
     *
     * @param where     the entry, for messages: {@code "layer 'out' (Dense)"}
     * @param name      the type name the entry carries, or null
     * @param className the fully qualified class name the entry carries, or null
     * @throws IllegalArgumentException starting with {@code where}, listing the known names and
     *     saying how to register a type, when the name or class is not registered
     */
    public Function<C, T> factory(String where, String name, String className) {
        Entry<C, T> entry;
        synchronized (this) {
            entry = className != null ? byClass.get(className) : byName.get(name);
        }
        if (entry == null) throw unknown(where, name, className);
        Function<? super C, ? extends T> f = entry.factory();
        return f::apply;
    }

    /**
     * The object an entry describes: {@code factory(where, name, className).apply(config)}.
     *
     * @throws IllegalArgumentException as {@link #factory} does, or as the factory does
     */
    public T create(String where, String name, String className, C config) {
        return factory(where, name, className).apply(config);
    }

    private IllegalArgumentException unknown(String where, String name, String className) {
        List<String> known = names();
        String hint = "";
        for (String k : known) {
            // Only a difference of case is suggested: a list of a few dozen names shows the rest.
            if (className == null && name != null && k.equalsIgnoreCase(name)) hint = " (did you mean '" + k + "'?)";
        }
        String what = className != null ? kind + " class '" + className + "'" : kind + " '" + name + "'";
        String example = className != null ? className : name == null || name.isBlank() ? "MyType" : name;
        return new IllegalArgumentException(where + ": unknown " + what + hint + "; the known " + kind + "s are " + known
                + "; Fathom loads only registered types, so for a " + kind + " of your own, " + registerCall(example)
                + " before loading");
    }

    /** The registration that fixes a missing type, written as Java: a nested class by its source name. */
    private String registerCall(String className) {
        String source = className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
        String name = source.substring(source.lastIndexOf('.') + 1);
        return "call " + access + ".register(\"" + name + "\", " + source + ".class, " + source + "::" + factoryMethod + ")";
    }
}
