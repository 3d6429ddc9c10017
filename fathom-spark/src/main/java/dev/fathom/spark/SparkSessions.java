package dev.fathom.spark;

import org.apache.spark.sql.SparkSession;

import java.util.Locale;

/**
 * The Spark session of a {@code fathom ... --spark MASTER} command: the one spark-submit made, or
 * a new one on {@code MASTER}; a master URL Spark cannot use is refused in one line with the forms
 * it takes.
 */
final class SparkSessions {
    private SparkSessions() {}

    /** The forms of master URL, for messages. */
    static final String FORMS = "local, local[N], local[*], spark://HOST:7077 (a standalone master), yarn, or k8s://HOST:PORT";

    /**
     * A session on {@code master}, named {@code app}; with spark-submit the session it configured
     * ({@code spark.master} is set) is used and its master must agree.
     */
    static SparkSession open(String master, String app) {
        check(master);
        try {
            return SparkSession.builder().master(master).appName(app).getOrCreate();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--spark " + master + ": Spark could not start on this master (" + firstLine(e)
                    + "); use " + FORMS + ", and for a standalone cluster check that its master is running at that address", e);
        }
    }

    /** Refuses a master URL of no form Spark knows before Spark tries it (Spark's own error is a stack trace). */
    static void check(String master) {
        String m = master == null ? "" : master.trim().toLowerCase(Locale.ROOT);
        boolean known = m.equals("local") || m.matches("local\\[(\\*|[1-9][0-9]*)(,\\s*[0-9]+)?]")
                || m.matches("local-cluster\\[[0-9]+,\\s*[0-9]+,\\s*[0-9]+]") || m.matches("spark://[^\\s/]+(:[0-9]+)?(,[^\\s/]+(:[0-9]+)?)*")
                || m.equals("yarn") || m.matches("k8s://\\S+") || m.matches("mesos://\\S+");
        if (!known) {
            throw new IllegalArgumentException("--spark " + master + ": not a Spark master URL; use " + FORMS);
        }
    }

    static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
