package dev.fathom.serve;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Fathom version this module was built as, from the Maven-filtered {@code fathom-serve.properties}. */
final class FathomVersion {
    private static final String VERSION = read();

    private FathomVersion() {}

    static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = FathomVersion.class.getResourceAsStream("fathom-serve.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
