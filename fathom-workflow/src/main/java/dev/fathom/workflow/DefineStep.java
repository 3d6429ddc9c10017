package dev.fathom.workflow;

import dev.fathom.data.BooleanColumn;
import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.ColumnType;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.datasets.Task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Step 1, define the problem: classification or regression (and why), and the warnings about the
 * data that a practitioner checks before training anything. Columns found to identify rows, to
 * leak the target or to be constant are dropped, each with its reason.
 *
 * <p>The rules, with their thresholds:
 * <ul>
 * <li>A text or boolean target is classification. A numeric one is classification when it holds
 *     whole numbers only, at most {@value #MAX_CODED_CLASSES} distinct values, and each value on
 *     average at least {@value #MIN_ROWS_PER_CODED_CLASS} times (class codes such as 0/1 or 1..5);
 *     otherwise regression.</li>
 * <li>Class imbalance: the largest class at least {@value #IMBALANCE_RATIO}× the smallest. The
 *     folds are then scored by balanced accuracy, which weighs every class alike.</li>
 * <li>Too few rows: fewer than {@value #ROWS_PER_FEATURE} rows per feature column.</li>
 * <li>Text: a text column whose values hold a median of at least {@value #TEXT_MEDIAN_WORDS} words and
 *     are mostly distinct (at least {@value #TEXT_DISTINCT_SHARE} of them): free text such as a review
 *     or a message, kept and turned into TF-IDF features and token ids (not an ID).</li>
 * <li>ID-like: text with a distinct value in at least {@value #ID_DISTINCT_SHARE} of the rows, or
 *     whole numbers all distinct and forming one consecutive run (a row number).</li>
 * <li>Leaking: a column that, value for value, gives the class of at least
 *     {@value #LEAK_PURITY} of the rows while having at most a fifth as many distinct values as
 *     rows; for a numeric target, a numeric column with |correlation| ≥ {@value #LEAK_PURITY}.</li>
 * </ul>
 */
final class DefineStep {
    static final int MAX_CODED_CLASSES = 20;
    static final int MIN_ROWS_PER_CODED_CLASS = 5;
    static final double IMBALANCE_RATIO = 5;
    static final int ROWS_PER_FEATURE = 10;
    static final double ID_DISTINCT_SHARE = 0.9;
    static final double LEAK_PURITY = 0.99;
    static final int TEXT_MEDIAN_WORDS = 3;
    static final double TEXT_DISTINCT_SHARE = 0.5;

    /**
     * What the step found: the problem, the warnings, the columns to drop with their reasons, and the
     * columns of free text with what shows it.
     */
    record Definition(Problem problem, List<DataWarning> warnings, Map<String, String> dropped, String scoring, String scoringReason,
                      Map<String, String> text) {
        Definition(Problem problem, List<DataWarning> warnings, Map<String, String> dropped, String scoring, String scoringReason) {
            this(problem, warnings, dropped, scoring, scoringReason, Map.of());
        }
    }

    private DefineStep() {}

    /**
     * Defines the problem of predicting {@code target} from the rest of {@code table}.
     *
     * @param knownTask the task when the data set states it (built-in data sets), else null
     */
    static Definition run(Table table, String target, Task knownTask) {
        Column y = table.column(target);   // names the closest column when there is none
        if (table.columnCount() < 2) {
            throw new IllegalArgumentException("the table has only the target column '" + target + "'; a model needs at least one"
                    + " feature column to predict it from");
        }
        if (y.missingCount() > 0) {
            throw new IllegalArgumentException("the target column '" + target + "' has " + y.missingCount() + " missing values; drop"
                    + " those rows first (a row without a target can be neither learnt from nor scored)");
        }
        Problem problem = problem(table, y, knownTask);
        List<DataWarning> warnings = new ArrayList<>();
        Map<String, String> dropped = new LinkedHashMap<>();
        Map<String, String> text = new LinkedHashMap<>();
        for (Column c : table.columns()) {
            if (c.name().equals(target)) continue;
            DataWarning w = constant(c);
            String words = w == null ? text(c) : null;
            if (words != null) {
                text.put(c.name(), words);
                continue;
            }
            if (w == null) w = idLike(c);
            if (w == null) w = leaking(c, y, problem);
            if (w != null) {
                warnings.add(w);
                dropped.put(c.name(), w.message());
            }
        }
        String scoring = problem.isClassification() ? "accuracy" : "r2";
        String scoringReason = problem.isClassification()
                ? "the share of rows classified correctly, as the published scores of most data sets"
                : "R², the share of the target's variance explained (1 is perfect, 0 is no better than the mean)";
        if (problem.isClassification()) {
            DataWarning imbalance = imbalance(y, problem);
            if (imbalance != null) {
                warnings.add(imbalance);
                scoring = "balanced_accuracy";
                scoringReason = "balanced accuracy, the mean recall of the classes: with imbalanced classes plain accuracy rewards"
                        + " predicting the largest class";
            }
        }
        int features = table.columnCount() - 1 - dropped.size();
        if (features > 0 && table.rowCount() < ROWS_PER_FEATURE * features) {
            warnings.add(new DataWarning(DataWarning.Kind.TOO_FEW_ROWS, null, String.format(Locale.ROOT,
                    "%d rows for %d feature columns (%.1f per feature, fewer than %d): complex models can memorize the rows;"
                            + " trust the cross-validated scores, not the training ones, and prefer the simpler model when"
                            + " scores are close", table.rowCount(), features, table.rowCount() / (double) features, ROWS_PER_FEATURE)));
        }
        if (features == 0) {
            throw new IllegalArgumentException("no usable feature column is left: " + dropped + "; a model needs at least one column"
                    + " that carries information about '" + target + "'");
        }
        return new Definition(problem, List.copyOf(warnings), dropped, scoring, scoringReason, text);
    }

    /**
     * Why {@code c} is free text (median words per value and the share of distinct values), or null
     * when it is not: a text column of at least 20 values whose median value has at least
     * {@value #TEXT_MEDIAN_WORDS} words, at least {@value #TEXT_DISTINCT_SHARE} of them distinct.
     */
    static String text(Column c) {
        if (!(c instanceof CategoricalColumn cat)) return null;
        int present = c.size() - c.missingCount();
        if (present < 20) return null;
        double distinct = cat.levels().size() / (double) present;
        if (distinct < TEXT_DISTINCT_SHARE) return null;
        int[] words = new int[present];
        int k = 0;
        for (int r = 0; r < c.size(); r++) if (!c.isMissing(r)) words[k++] = words(c.text(r));
        java.util.Arrays.sort(words);
        int median = words[present / 2];
        if (median < TEXT_MEDIAN_WORDS) return null;
        return String.format(Locale.ROOT, "free text: a median of %d words per value, %.0f%% of the values distinct", median, 100 * distinct);
    }

    /** The number of runs of non-whitespace characters. */
    private static int words(String s) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
            boolean space = Character.isWhitespace(s.charAt(i)) || Character.isSpaceChar(s.charAt(i));
            if (!space && !in) n++;
            in = !space;
        }
        return n;
    }

    private static Problem problem(Table table, Column y, Task knownTask) {
        int n = table.rowCount();
        String name = y.name();
        if (knownTask != null) {
            if (knownTask == Task.FORECASTING) {
                throw new IllegalArgumentException("'" + name + "' is a forecasting data set (a series in time order); fathom train"
                        + " handles classification and regression tables and folder-per-class images");
            }
            // Classes in the order the pipeline's LabelEncoder gives them (sorted), not the data set's.
            List<String> classes = knownTask == Task.CLASSIFICATION ? distinct(y) : List.of();
            return new Problem(knownTask, name, "the data set says so (" + knownTask.label()
                    + (classes.isEmpty() ? "" : ", " + classes.size() + " classes") + ")", classes, n);
        }
        return switch (y) {
            case CategoricalColumn c -> new Problem(Task.CLASSIFICATION, name, "the target '" + name + "' holds text labels: "
                    + distinct(c).size() + " classes", distinct(c), n);
            case BooleanColumn b -> new Problem(Task.CLASSIFICATION, name, "the target '" + name + "' holds true/false values",
                    distinct(b), n);
            case NumericColumn num -> {
                List<String> values = distinct(num);
                boolean whole = true;
                for (int r = 0; r < n && whole; r++) whole = num.get(r) == Math.rint(num.get(r));
                if (whole && values.size() >= 2 && values.size() <= MAX_CODED_CLASSES && n >= MIN_ROWS_PER_CODED_CLASS * values.size()) {
                    yield new Problem(Task.CLASSIFICATION, name, "the target '" + name + "' holds " + values.size()
                            + " distinct whole numbers " + preview(values) + ", each on average in " + n / values.size()
                            + " rows: class codes", values, n);
                }
                if (values.size() < 2) {
                    throw new IllegalArgumentException("the target column '" + name + "' has the same value in every row; there is"
                            + " nothing to predict");
                }
                yield new Problem(Task.REGRESSION, name, "the target '" + name + "' is numeric with " + values.size()
                        + " distinct values" + (whole ? "" : ", not all whole") + ": a quantity to predict", List.of(), n);
            }
            default -> throw new IllegalArgumentException("the target column '" + name + "' holds " + y.type().label()
                    + " values; a target must be numeric, boolean or categorical");
        };
    }

    /** The distinct values as text, sorted as a LabelEncoder sorts them (numbers by value, text by code point). */
    static List<String> distinct(Column c) {
        Map<String, Double> seen = new HashMap<>();
        for (int r = 0; r < c.size(); r++) {
            if (!c.isMissing(r)) seen.putIfAbsent(c.text(r), c instanceof NumericColumn num ? num.get(r) : 0.0);
        }
        List<String> out = new ArrayList<>(seen.keySet());
        if (c.type() == ColumnType.NUMERIC) out.sort((a, b) -> Double.compare(seen.get(a), seen.get(b)));
        else out.sort(null);
        return out;
    }

    private static String preview(List<String> values) {
        return values.size() <= 6 ? values.toString() : "[" + values.getFirst() + " ... " + values.getLast() + "]";
    }

    static DataWarning constant(Column c) {
        Set<String> values = new java.util.HashSet<>();
        for (int r = 0; r < c.size() && values.size() < 2; r++) if (!c.isMissing(r)) values.add(c.text(r));
        if (values.size() >= 2) return null;
        return new DataWarning(DataWarning.Kind.CONSTANT_COLUMN, c.name(), (values.isEmpty() ? "every value is missing"
                : "every value is '" + values.iterator().next() + "'") + "; dropped: a column that never changes tells rows apart in no way");
    }

    static DataWarning idLike(Column c) {
        int n = c.size();
        if (n < 20) return null;
        if (c instanceof CategoricalColumn cat) {
            int distinct = cat.levels().size();
            if (distinct >= ID_DISTINCT_SHARE * n) {
                return new DataWarning(DataWarning.Kind.ID_LIKE_COLUMN, c.name(), String.format(Locale.ROOT,
                        "%d distinct values in %d rows (%.0f%%); dropped: a value that names one row teaches nothing that carries"
                                + " over to new rows", distinct, n, 100.0 * distinct / n));
            }
        } else if (c instanceof NumericColumn num && num.missingCount() == 0) {
            double[] v = num.values();
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            Set<Double> seen = new java.util.HashSet<>();
            for (double x : v) {
                if (x != Math.rint(x) || !seen.add(x)) return null;
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            if (max - min == n - 1) {
                return new DataWarning(DataWarning.Kind.ID_LIKE_COLUMN, c.name(), String.format(Locale.ROOT,
                        "whole numbers %.0f to %.0f, each once: a row number or ID; dropped: it teaches nothing that carries over"
                                + " to new rows (and in a sorted file it can leak the order the rows were collected in)", min, max));
            }
        }
        return null;
    }

    static DataWarning leaking(Column c, Column y, Problem problem) {
        int n = c.size();
        if (problem.isClassification()) {
            if (c instanceof NumericColumn num && distinctCount(num) > n / 5) return null;
            // Purity of the value -> class map: the share of rows whose class is their value's most frequent class.
            Map<String, Map<String, Integer>> counts = new HashMap<>();
            for (int r = 0; r < n; r++) {
                String v = c.isMissing(r) ? "\u0000missing" : c.text(r);
                counts.computeIfAbsent(v, k -> new TreeMap<>()).merge(y.text(r), 1, Integer::sum);
            }
            if (counts.size() > n / 5) return null;
            int agree = 0;
            for (Map<String, Integer> m : counts.values()) agree += m.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            double purity = agree / (double) n;
            if (purity >= LEAK_PURITY) {
                return new DataWarning(DataWarning.Kind.LEAKING_COLUMN, c.name(), String.format(Locale.ROOT,
                        "its value alone gives the class of %.1f%% of the rows; dropped: a column this close to the target is"
                                + " usually recorded after the fact (a copy, a code or an outcome) and would not be known when"
                                + " predicting", 100 * purity));
            }
        } else if (c instanceof NumericColumn num && y instanceof NumericColumn target) {
            double r = correlation(num, target);
            if (Math.abs(r) >= LEAK_PURITY) {
                return new DataWarning(DataWarning.Kind.LEAKING_COLUMN, c.name(), String.format(Locale.ROOT,
                        "correlation %.4f with the target; dropped: a column this close to the target is usually derived from it"
                                + " and would not be known when predicting", r));
            }
        }
        return null;
    }

    private static int distinctCount(NumericColumn c) {
        Set<Double> seen = new java.util.HashSet<>();
        for (int r = 0; r < c.size(); r++) seen.add(c.get(r));
        return seen.size();
    }

    /** Pearson's correlation over the rows where the feature is present. */
    static double correlation(NumericColumn a, NumericColumn b) {
        double sa = 0, sb = 0;
        int n = 0;
        for (int r = 0; r < a.size(); r++) {
            if (Double.isNaN(a.get(r))) continue;
            sa += a.get(r);
            sb += b.get(r);
            n++;
        }
        if (n < 3) return 0;
        double ma = sa / n, mb = sb / n, cov = 0, va = 0, vb = 0;
        for (int r = 0; r < a.size(); r++) {
            if (Double.isNaN(a.get(r))) continue;
            double da = a.get(r) - ma, db = b.get(r) - mb;
            cov += da * db;
            va += da * da;
            vb += db * db;
        }
        return va == 0 || vb == 0 ? 0 : cov / Math.sqrt(va * vb);
    }

    private static DataWarning imbalance(Column y, Problem problem) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int r = 0; r < y.size(); r++) counts.merge(y.text(r), 1, Integer::sum);
        String largest = null, smallest = null;
        for (var e : counts.entrySet()) {
            if (largest == null || e.getValue() > counts.get(largest)) largest = e.getKey();
            if (smallest == null || e.getValue() < counts.get(smallest)) smallest = e.getKey();
        }
        int big = counts.get(largest), small = counts.get(smallest);
        if (big < IMBALANCE_RATIO * small) return null;
        return new DataWarning(DataWarning.Kind.CLASS_IMBALANCE, problem.target(), String.format(Locale.ROOT,
                "class '%s' has %d rows but class '%s' only %d (%.1f×): a model that always says '%s' is right %.1f%% of the time;"
                        + " folds are scored by balanced accuracy, and the test split keeps each class's share",
                largest, big, smallest, small, big / (double) small, largest, 100.0 * big / y.size()));
    }
}
