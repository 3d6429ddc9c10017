package dev.fathom.datasets;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A download's progress on one stream: one line rewritten with {@code \r} on a terminal, else a
 * few plain lines (start, each quarter, done) that read well in logs and CI.
 */
final class DownloadProgress {
    private final PrintStream out;
    private final boolean interactive;
    private final String what;
    private final long total;
    private long done;
    private int shownPercent = -1;
    private long shownMb = -1;
    private int shownQuarter = 0;

    /** {@code out} null means silent; {@code total} -1 means unknown. */
    DownloadProgress(PrintStream out, boolean interactive, String what, long total) {
        this.out = out;
        this.interactive = interactive;
        this.what = what;
        this.total = total;
        if (out != null && !interactive) {
            out.println("Downloading " + what + (total >= 0 ? " (" + mb(total) + " MB)" : "") + " ...");
            out.flush();
        }
    }

    void advance(long bytes) {
        done += bytes;
        if (out == null) return;
        if (interactive) {
            int percent = total > 0 ? (int) (100 * done / total) : -1;
            long tenths = done / 100_000;
            if (percent != shownPercent || (total <= 0 && tenths != shownMb)) {
                shownPercent = percent;
                shownMb = tenths;
                out.print("\rDownloading " + what + ": "
                        + (total > 0 ? percent + "% (" + mb(done) + " of " + mb(total) + " MB)" : mb(done) + " MB"));
                out.flush();
            }
        } else if (total > 0) {
            int quarter = (int) (4 * done / total);
            if (quarter > shownQuarter && quarter < 4) {
                shownQuarter = quarter;
                out.println("  " + (25 * quarter) + "% (" + mb(done) + " of " + mb(total) + " MB)");
                out.flush();
            }
        }
    }

    void finish() {
        if (out == null) return;
        if (interactive) out.println();
        else out.println("  done: " + mb(done) + " MB");
        out.flush();
    }

    /** Ends an interrupted progress line so the error that follows starts on its own line. */
    void abort() {
        if (out != null && interactive) {
            out.println();
            out.flush();
        }
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
    }
}
