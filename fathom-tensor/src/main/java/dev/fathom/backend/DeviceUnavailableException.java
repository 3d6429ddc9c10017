package dev.fathom.backend;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * A device cannot be used in this JVM: its backend is missing, or something it needs was not
 * loaded. The fix lies in how the program is started or what is installed, never at the line that
 * first used the device, so {@link #printStackTrace()} prints the message alone. A program that
 * does not catch it stops with one line, for example when started without the Vector API:
 *
 * <pre>
 * $ java -cp "app.jar:lib/*" com.example.Main
 * Exception in thread "main" dev.fathom.backend.DeviceUnavailableException: Fathom's CPU kernels need the JDK's
 *   Vector API, ...: start java with --add-modules jdk.incubator.vector (or set JDK_JAVA_OPTIONS=...)
 * </pre>
 *
 * (one line, wrapped here; with {@code FATHOM_DEBUG} set, the frames follow as usual). The frames
 * are still there for {@link #getStackTrace()}, debuggers and loggers; and when this exception is
 * the cause of another, that one prints them as usual.
 */
public final class DeviceUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public DeviceUnavailableException(String message) {
        super(message);
    }

    @Override
    public void printStackTrace(PrintStream s) {
        if (DEBUG) super.printStackTrace(s);
        else s.println(this);
    }

    @Override
    public void printStackTrace(PrintWriter s) {
        if (DEBUG) super.printStackTrace(s);
        else s.println(this);
    }

    /** {@code FATHOM_DEBUG} set: the frames are printed after all, as for every other error. */
    private static final boolean DEBUG = System.getenv("FATHOM_DEBUG") != null;
}
