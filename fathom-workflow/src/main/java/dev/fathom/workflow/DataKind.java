package dev.fathom.workflow;

import java.util.Locale;

/**
 * What {@link Fathom#train} learns from: the rows of a table, a folder of images, or the steps of
 * a time series. The report and the log count the data in its own words ("100 images", not "100
 * rows") and say which checks of the data were made for this kind.
 *
 * <pre>{@code
 * DataKind.IMAGES.count(100);          // "100 images"
 * DataKind.TABLE.count(1);             // "1 row"
 * DataKind.SERIES.checked(false);      // "no constant or ID-like column"
 * }</pre>
 */
public enum DataKind {
    /** A table: each row is a sample, each column a feature or the target. */
    TABLE("row", "rows"),
    /** A folder of images with one sub-folder per class. */
    IMAGES("image", "images"),
    /** A time series: each row is a step in time, and the target's past values are the features. */
    SERIES("time step", "time steps");

    private final String one;
    private final String many;

    DataKind(String one, String many) {
        this.one = one;
        this.many = many;
    }

    /** The word for {@code n} samples of this kind: "1 row", "200 rows", "100 images", "60 time steps". */
    public String count(int n) {
        return n + " " + (n == 1 ? one : many);
    }

    /** The plural noun alone: "rows", "images", "time steps". */
    public String samples() {
        return many;
    }

    /**
     * What the define step checked and found fine, for "No warning: ..." when it warned of nothing:
     * for a table "no ID-like, leaking or constant column, classes balanced enough, enough rows per
     * feature"; for images "classes balanced enough"; for a series "no constant or ID-like column".
     *
     * @param classification whether the target is classes (only then is balance checked)
     */
    public String checked(boolean classification) {
        return switch (this) {
            case TABLE -> "no ID-like, leaking or constant column" + (classification ? ", classes balanced enough" : "")
                    + ", enough rows per feature";
            case IMAGES -> "classes balanced enough (the largest has fewer than " + String.format(Locale.ROOT, "%.0f",
                    DefineStep.IMBALANCE_RATIO) + " times the images of the smallest)";
            case SERIES -> "no constant or ID-like column";
        };
    }
}
