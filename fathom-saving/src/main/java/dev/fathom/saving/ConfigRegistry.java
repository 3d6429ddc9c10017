package dev.fathom.saving;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
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
 * <p>A file may instead name a class (users' types saved before they were registered carry
 * {@code "class"}). Such a class is looked up without being initialized, checked to be of this
 * registry's type and to have a public static factory method (such as
 * {@code fromConfig(Map<String, Object>)}) returning that type, and only then is the method run.
 * So a file from a stranger cannot run any class's static initializer merely by naming it: a class
 * that fails a check is refused before any of its code runs.
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
     * @param type          the type every object it makes has; a class named in a file must be one
     * @param factoryMethod the public static method a class named in a file must have: {@code "fromConfig"}
     * @param configType    that method's one parameter type: {@code Map.class}
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
                    + factory + "); each must be given, e.g. register(\"Scale\", Scale.class, Scale::" + factoryMethod + ")");
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
     * {@code className} when one is given, else the class's own factory method after the checks
     * above; the factory registered for {@code name} when no class is given. Nothing is run yet;
     * the factory's own errors come out of {@link Function#apply} unchanged.
     *
     * @param where     the entry, for messages: {@code "layer 'out' (Dense)"}
     * @param name      the type name the entry carries, or null
     * @param className the fully qualified class name the entry carries, or null
     * @throws IllegalArgumentException starting with {@code where} and saying the fix, when the name
     *     is not registered (listing the known names), or the class is missing, not of this
     *     registry's type, or lacks the factory method; such a class is never initialized
     */
    public Function<C, T> factory(String where, String name, String className) {
        Entry<C, T> entry;
        synchronized (this) {
            entry = className != null ? byClass.get(className) : byName.get(name);
        }
        if (entry != null) {
            Function<? super C, ? extends T> f = entry.factory();
            return f::apply;
        }
        if (className == null) throw unknown(where, name);
        return fromClass(where, className);
    }

    /**
     * The object an entry describes: {@code factory(where, name, className).apply(config)}.
     *
     * @throws IllegalArgumentException as {@link #factory} does, or as the factory does
     */
    public T create(String where, String name, String className, C config) {
        return factory(where, name, className).apply(config);
    }

    /** The class's factory method, once the class is known to be safe to initialize by calling it. */
    private Function<C, T> fromClass(String where, String className) {
        Class<?> cls;
        try {
            cls = Class.forName(className, false, classLoader());   // false: load, but run none of its code
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(where + ": no " + kind + " class " + className + " on the class path; put the jar that"
                    + " defines it on the class path (and, to load it by name, " + registerCall(className) + ")");
        } catch (LinkageError e) {
            throw new IllegalArgumentException(where + ": class " + className + " cannot be loaded (" + e + "); put the jar"
                    + " that defines it and the jars it needs on the class path", e);
        }
        if (!type.isAssignableFrom(cls)) {
            throw new IllegalArgumentException(where + ": " + className + " is not a " + type.getSimpleName() + ", so it"
                    + " was not loaded; the file is damaged, was edited, or is not from a source you trust");
        }
        Method method = publicStaticFactory(cls);
        if (method == null) {
            throw new IllegalArgumentException(where + ": " + className + " has no public static " + factoryMethod + "("
                    + configType.getSimpleName() + ") returning a " + type.getSimpleName() + "; add one that recreates it"
                    + " from what it saves, or " + registerCall(className));
        }
        if (!method.canAccess(null)) {
            throw new IllegalArgumentException(where + ": " + className + "." + factoryMethod + " is not accessible to"
                    + " Fathom; make the class public (in a named module, also export its package)");
        }
        return config -> invoke(where, method, config);
    }

    private Method publicStaticFactory(Class<?> cls) {
        try {
            Method m = cls.getMethod(factoryMethod, configType);
            boolean fits = Modifier.isStatic(m.getModifiers()) && type.isAssignableFrom(m.getReturnType());
            return fits ? m : null;
        } catch (NoSuchMethodException | LinkageError e) {
            return null;
        }
    }

    private T invoke(String where, Method method, C config) {
        String name = method.getDeclaringClass().getName() + "." + factoryMethod;
        try {
            return type.cast(method.invoke(null, config));
        } catch (InvocationTargetException e) {
            // The factory's own error, as it would come from a registered factory.
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalArgumentException(where + ": " + name + " failed: " + cause, cause);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException(where + ": " + name + " is not accessible to Fathom (" + e.getMessage()
                    + "); make the class public", e);
        } catch (ExceptionInInitializerError e) {
            throw new IllegalArgumentException(where + ": " + method.getDeclaringClass().getName() + " failed to initialize: "
                    + e.getCause(), e.getCause());
        }
    }

    private IllegalArgumentException unknown(String where, String name) {
        List<String> known = names();
        String hint = "";
        for (String k : known) {
            // Only a difference of case is suggested: a list of a few dozen names shows the rest.
            if (name != null && k.equalsIgnoreCase(name)) hint = " (did you mean '" + k + "'?)";
        }
        String example = name == null || name.isBlank() ? "MyType" : name;
        return new IllegalArgumentException(where + ": unknown " + kind + " '" + name + "'" + hint + "; the known " + kind
                + "s are " + known + "; for a " + kind + " of your own, " + registerCall(example) + " before loading");
    }

    /** The registration that fixes a missing type, written as Java: a nested class by its source name. */
    private String registerCall(String className) {
        String source = className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
        String name = source.substring(source.lastIndexOf('.') + 1);
        return "call " + access + ".register(\"" + name + "\", " + source + ".class, " + source + "::" + factoryMethod + ")";
    }

    /** The one place that decides where named classes come from: the thread's context loader, else Fathom's own. */
    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ConfigRegistry.class.getClassLoader();
    }
}
