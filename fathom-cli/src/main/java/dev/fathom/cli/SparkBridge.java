package dev.fathom.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The {@code --spark MASTER} option's way to fathom-spark, by name: the command line does not
 * depend on Spark (users without a cluster need none of its jars), so the Spark side,
 * {@code dev.fathom.spark.FathomSpark}, is found when the option is given, and its absence, or
 * Spark's, is one line saying what to add.
 */
final class SparkBridge {
    /** The class in fathom-spark that runs the commands' Spark side. */
    static final String ENTRY = "dev.fathom.spark.FathomSpark";
    /** What every {@code --spark} without Spark says. */
    static final String MISSING = "add fathom-spark and Spark 4.2 to the class path (spark-submit adds Spark: spark-submit --class"
            + " dev.fathom.cli.Main --jars <the Fathom jars> ..., see the README's 'Running on Spark')";

    private SparkBridge() {}

    /** Calls {@code FathomSpark.method(args)} with arguments of {@code types}, passing its exceptions on unchanged. */
    static Object call(String option, String method, Class<?>[] types, Object... args) {
        Method m;
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkBridge.class.getClassLoader());
            m = Class.forName(ENTRY, true, SparkBridge.class.getClassLoader()).getMethod(method, types);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new IllegalArgumentException(option + " needs Spark: " + MISSING, e);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(option + ": the fathom-spark on the class path is of another Fathom version (it has no "
                    + method + "); use the fathom-spark of this Fathom", e);
        }
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof NoClassDefFoundError missing) {
                throw new IllegalArgumentException(option + " needs Spark (" + missing.getMessage() + " is missing): " + MISSING, missing);
            }
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(ENTRY + "." + method + " is not public", e);
        }
    }
}
