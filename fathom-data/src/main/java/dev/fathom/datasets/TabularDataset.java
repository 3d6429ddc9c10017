package dev.fathom.datasets;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A data set of rows with named features and one target, with what is known about it: its task,
 * class names, description, source, license and published {@link ReferenceScore}s. The built-in
 * ones come from {@link Datasets#load(String)}.
 *
 * <p>{@link #table()} holds every column as read (the target of a classification set as a
 * categorical column whose levels are {@link #classNames()}, in that order);
 * {@link #features()} and {@link #labels()} are the tensors a model trains on.
 *
 * <pre>{@code
 * TabularDataset iris = Datasets.load("iris");
 * Tensor x = iris.features();                 // float32 [150, 4]
 * Tensor y = iris.labels();                   // int32 [150], 0..2
 * iris.featureNames();                        // [sepal length (cm), sepal width (cm), ...]
 * iris.className(2);                          // "virginica"
 * System.out.println(iris.table().head(5));
 * System.out.println(iris.referenceScore("accuracy"));
 * }</pre>
 */
public final class TabularDataset {
    private final String name;
    private final String title;
    private final Task task;
    private final Table table;
    private final List<String> featureNames;
    private final String targetName;
    private final List<String> classNames;
    private final String description;
    private final String source;
    private final String license;
    private final List<ReferenceScore> referenceScores;

    /**
     * Checks the table against what the data set says it holds. {@code where} names the file the
     * table was read from, for messages. For classification, the target column's values (text, or
     * numbers such as digits) are matched to {@code classNames} and the column becomes categorical
     * with exactly those levels.
     *
     * @throws DatasetException naming the file, the column, the row and the value when the table
     *     does not fit: a missing target, a value that is no class, a missing value
     */
    TabularDataset(String name, String title, Task task, Table table, String targetName, List<String> classNames,
                   String description, String source, String license, List<ReferenceScore> referenceScores,
                   String where) {
        this.name = Objects.requireNonNull(name, "name");
        this.title = Objects.requireNonNull(title, "title");
        this.task = Objects.requireNonNull(task, "task");
        this.targetName = Objects.requireNonNull(targetName, "targetName");
        this.classNames = List.copyOf(classNames);
        this.description = Objects.requireNonNull(description, "description");
        this.source = Objects.requireNonNull(source, "source");
        this.license = Objects.requireNonNull(license, "license");
        this.referenceScores = List.copyOf(referenceScores);
        if (!table.has(targetName)) {
            throw new DatasetException(where + ": no target column '" + targetName + "'; the columns are "
                    + table.columnNames() + ". The file's header row must name the target column");
        }
        if ((task == Task.CLASSIFICATION) == this.classNames.isEmpty()) {
            throw new IllegalArgumentException(name + ": a " + task.label() + " data set "
                    + (task == Task.CLASSIFICATION ? "needs" : "has no") + " class names");
        }
        List<String> features = new ArrayList<>(table.columnNames());
        features.remove(targetName);
        this.featureNames = List.copyOf(features);
        for (String f : featureNames) checkComplete(table.column(f), where);
        Column target = table.column(targetName);
        checkComplete(target, where);
        this.table = task == Task.CLASSIFICATION ? table.with(classColumn(target, where)) : requireNumeric(table, where);
    }

    /** The name {@link Datasets#load} knows it by, e.g. {@code "breast_cancer"}. */
    public String name() {
        return name;
    }

    /** The name people use, e.g. {@code "Breast Cancer Wisconsin (Diagnostic)"}. */
    public String title() {
        return title;
    }

    /** Classification, regression or forecasting. */
    public Task task() {
        return task;
    }

    /** All columns: the features in file order, then the target. */
    public Table table() {
        return table;
    }

    /** The feature columns' names, in order: the columns of {@link #features()}. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The target column's name, e.g. {@code "species"}. */
    public String targetName() {
        return targetName;
    }

    /** The class of each label value, index = label; empty unless the task is classification. */
    public List<String> classNames() {
        return classNames;
    }

    /** The number of classes; 0 unless the task is classification. */
    public int numClasses() {
        return classNames.size();
    }

    /**
     * The name of class {@code label}, e.g. {@code "virginica"} for iris' 2.
     *
     * @throws IllegalArgumentException when the label is outside {@code 0..numClasses()-1}, or the
     *     data set has no classes
     */
    public String className(int label) {
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("className: " + name + " is a " + task.label()
                    + " data set and has no classes; its labels are the values of '" + targetName + "'");
        }
        if (label < 0 || label >= classNames.size()) {
            throw new IllegalArgumentException("className: label " + label + " is outside 0.." + (classNames.size() - 1)
                    + " (" + name + " has " + classNames.size() + " classes " + classNames + ")");
        }
        return classNames.get(label);
    }

    /** The number of rows (samples). */
    public int size() {
        return table.rowCount();
    }

    /** The number of features. */
    public int numFeatures() {
        return featureNames.size();
    }

    /** The features as a new float32 tensor {@code [size(), numFeatures()]}, in {@link #featureNames()} order. */
    public Tensor features() {
        return table.select(featureNames.toArray(String[]::new)).toTensor();
    }

    /**
     * The target as a new tensor {@code [size()]}: int32 class indices into {@link #classNames()}
     * for classification, float32 values otherwise.
     */
    public Tensor labels() {
        if (task == Task.CLASSIFICATION) return Tensor.of(codes(), size());
        double[] v = table.numeric(targetName).values();
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return Tensor.wrap(f, v.length);
    }

    /**
     * How many rows each class has, index = label.
     *
     * @throws IllegalStateException when the data set is not a classification one
     */
    public int[] classCounts() {
        if (task != Task.CLASSIFICATION) {
            throw new IllegalStateException("classCounts: " + name + " is a " + task.label() + " data set and has no classes");
        }
        int[] counts = new int[classNames.size()];
        for (int c : codes()) counts[c]++;
        return counts;
    }

    /** The published results on this data set, each with its method, protocol and source. */
    public List<ReferenceScore> referenceScores() {
        return referenceScores;
    }

    /**
     * The first published result measured by {@code metric} (e.g. {@code "accuracy"}, {@code "r2"}).
     *
     * @throws IllegalArgumentException listing the metrics there are when none is measured by {@code metric}
     */
    public ReferenceScore referenceScore(String metric) {
        for (ReferenceScore s : referenceScores) if (s.metric().equals(metric)) return s;
        throw new IllegalArgumentException("referenceScore: " + name + " has no reference score measured by '" + metric
                + "'; its metrics are " + referenceScores.stream().map(ReferenceScore::metric).distinct().toList());
    }

    /** What the data set is: what was measured, on what, and what the target means. */
    public String description() {
        return description;
    }

    /** Where the data comes from: creators, the paper or repository page, and the copy bundled here. */
    public String source() {
        return source;
    }

    /** The license the data is distributed under. */
    public String license() {
        return license;
    }

    /** E.g. {@code iris (Iris plants): classification, 150 rows, 4 features, target 'species' with 3 classes}. */
    @Override
    public String toString() {
        return name + " (" + title + "): " + task.label() + ", " + size() + " rows, " + numFeatures() + " features, target '"
                + targetName + "'" + (classNames.isEmpty() ? "" : " with " + classNames.size() + " classes");
    }

    private int[] codes() {
        CategoricalColumn c = table.categorical(targetName);
        int[] out = new int[c.size()];
        for (int r = 0; r < out.length; r++) out[r] = c.code(r);
        return out;
    }

    /** The target as a categorical column whose levels are the class names, whatever order the file has them in. */
    private CategoricalColumn classColumn(Column target, String where) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classNames.size(); i++) index.put(classNames.get(i), i);
        int[] codes = new int[target.size()];
        for (int r = 0; r < codes.length; r++) {
            Integer code = index.get(target.text(r));
            if (code == null) {
                throw new DatasetException(where + ": row " + (r + 1) + " of the data (line " + (r + 2) + " of the file), column '"
                        + targetName + "': '" + target.text(r) + "' is not one of the classes " + classNames);
            }
            codes[r] = code;
        }
        return CategoricalColumn.ofCodes(targetName, codes, classNames);
    }

    private Table requireNumeric(Table t, String where) {
        for (Column c : t.columns()) {
            if (!(c instanceof NumericColumn)) {
                throw new DatasetException(where + ": column '" + c.name() + "' is " + c.type().label()
                        + "; every column of a " + task.label() + " data set must be numeric");
            }
        }
        return t;
    }

    private static void checkComplete(Column c, String where) {
        int missing = c.missingCount();
        if (missing == 0) return;
        int first = 0;
        while (!c.isMissing(first)) first++;
        throw new DatasetException(where + ": column '" + c.name() + "' has " + missing + " missing values (the first in row "
                + (first + 1) + " of the data, line " + (first + 2) + " of the file); a built-in data set must be complete");
    }
}
