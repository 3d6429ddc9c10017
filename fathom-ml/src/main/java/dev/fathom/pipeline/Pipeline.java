package dev.fathom.pipeline;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.ColumnType;
import dev.fathom.data.Names;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.LabelEncoder;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.Estimator;
import dev.fathom.saving.Json;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A fitted model ready for new data: the input schema (the columns it reads, with their types),
 * the fitted {@link Preprocessor}, the fitted {@link Estimator} (a baseline, a network, an ensemble)
 * and the class names. It turns a table, or JSON-like records, straight into decoded predictions,
 * and saves to one file ({@link #save}, format in {@code docs/pipeline-file-format.md}) that
 * {@link #load} reads back into a pipeline whose predictions and probabilities are bit-identical.
 * Image classifiers take a tensor {@code [n, channels, height, width]} instead of a table.
 *
 * <p>New data is checked against the schema: a missing column is an error naming the closest
 * column the data has, a column read with another type is converted where nothing is lost
 * (numbers to categories, 0/1 to booleans) and refused otherwise, and extra columns (the target
 * among them) are ignored and listed by {@link #ignoredColumns}.
 *
 * <pre>{@code
 * Table train = CsvReader.read(Path.of("titanic.csv"));
 * Preprocessor prep = Preprocessor.builder()
 *         .numeric(List.of("age", "fare"), new SimpleImputer(Strategy.MEDIAN), new StandardScaler())
 *         .categorical(List.of("sex"), new OneHotEncoder())
 *         .build();
 * Pipeline p = Pipeline.fit(train, "survived", prep, new LogisticRegression());
 * p.save(Path.of("titanic.pipeline"));
 *
 * Pipeline back = Pipeline.load(Path.of("titanic.pipeline"));
 * Column predicted = back.predictColumn(CsvReader.read(Path.of("new.csv")));   // class names, named "survived"
 * Tensor p1 = back.predictProba(back.tableOf(List.of(Map.of("age", 30, "fare", 7.25, "sex", "male"))));
 * }</pre>
 */
public final class Pipeline {
    /** What a pipeline takes: a table, or a tensor of images. */
    public enum InputKind { TABLE, IMAGES }

    private final InputKind inputKind;
    private final String target;
    /** Every target, in order: [target] for one, several for a multi-output regressor. */
    private final List<String> targets;
    private final List<InputColumn> inputs;
    private final int[] imageShape;
    private final double pixelScale;
    private final Preprocessor preprocessor;
    private final LabelEncoder labels;
    private final Estimator estimator;
    private final Map<String, Object> metadata;
    /** The fingerprint of the training rows, or null when none was taken. */
    private final TrainingRows trainingRows;

    Pipeline(InputKind inputKind, String target, List<InputColumn> inputs, int[] imageShape, double pixelScale,
             Preprocessor preprocessor, LabelEncoder labels, Estimator estimator, Map<String, Object> metadata) {
        this(inputKind, target, List.of(target), inputs, imageShape, pixelScale, preprocessor, labels, estimator, metadata, null);
    }

    private Pipeline(InputKind inputKind, String target, List<String> targets, List<InputColumn> inputs, int[] imageShape, double pixelScale,
             Preprocessor preprocessor, LabelEncoder labels, Estimator estimator, Map<String, Object> metadata, TrainingRows trainingRows) {
        this.trainingRows = trainingRows;
        this.inputKind = inputKind;
        this.target = target;
        this.targets = List.copyOf(targets);
        this.inputs = List.copyOf(inputs);
        this.imageShape = imageShape;
        this.pixelScale = pixelScale;
        this.preprocessor = preprocessor;
        this.labels = labels;
        this.estimator = estimator;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    // ---- making ------------------------------------------------------------------------------

    /**
     * Fits {@code preprocessor} on {@code train} without the target column, encodes the target's
     * classes with a {@link LabelEncoder} when {@code estimator} is a classifier (its values
     * otherwise), fits {@code estimator} on the result, and returns the fitted pipeline, with a
     * fingerprint of {@code train}'s rows ({@link #trainingRows()}).
     *
     * @throws IllegalArgumentException naming the closest column when there is no {@code target};
     *     when a regressor gets a categorical target; and whatever the preprocessor or estimator
     *     refuses, with their own messages
     */
    public static Pipeline fit(Table train, String target, Preprocessor preprocessor, Estimator estimator) {
        Objects.requireNonNull(train, "train");
        requireParts(preprocessor, estimator);
        Column y = targetColumn(train, target);
        Table features = train.drop(target);
        Tensor x = preprocessor.fit(features).transformToTensor(features);
        LabelEncoder labels = null;
        Tensor yt;
        if (estimator.isClassifier()) {
            labels = new LabelEncoder().fit(y);
            yt = labels.transform(y);
        } else {
            if (y.type() == ColumnType.CATEGORICAL || y.type() == ColumnType.DATE) {
                throw new IllegalArgumentException("Pipeline.fit: the target '" + target + "' is " + y.type().label() + " but "
                        + estimator + " is a regressor, which predicts numbers; use a classifier for classes, or a numeric target");
            }
            yt = train.labels(target);
        }
        estimator.fit(x, yt);
        return of(train, target, preprocessor, labels, estimator).withTrainingRows(train);
    }

    /**
     * Multi-output regression: fits {@code preprocessor} on {@code train} without the target
     * columns and {@code estimator} (a regressor) on the targets side by side, {@code [rows,
     * targets]}; {@link #predict} then gives {@code [rows, targets]} and {@link #predictColumns}
     * one column per target. One target is {@link #fit(Table, String, Preprocessor, Estimator)}.
     *
     * <pre>{@code
     * Pipeline p = Pipeline.fit(train, List.of("heating", "cooling"), prep, new Ridge(1.0));
     * p.predictColumns(test);   // [heating, cooling]
     * }</pre>
     *
     * @throws IllegalArgumentException for no targets, a repeated or missing one, a non-numeric one,
     *     or a classifier given several targets
     */
    public static Pipeline fit(Table train, List<String> targets, Preprocessor preprocessor, Estimator estimator) {
        Objects.requireNonNull(train, "train");
        requireParts(preprocessor, estimator);
        if (targets == null || targets.isEmpty()) throw new IllegalArgumentException("Pipeline.fit: no target column named");
        if (targets.size() == 1) return fit(train, targets.getFirst(), preprocessor, estimator);
        if (new java.util.HashSet<>(targets).size() != targets.size()) {
            throw new IllegalArgumentException("Pipeline.fit: a target is named twice in " + targets + "; name each column once");
        }
        if (estimator.isClassifier()) {
            throw new IllegalArgumentException("Pipeline.fit: " + estimator + " is a classifier, which predicts one class per row; several"
                    + " targets " + targets + " need a regressor (Ridge, KNeighborsRegressor, a network regressor), or one pipeline per target");
        }
        int n = train.rowCount();
        int t = targets.size();
        float[] y = new float[n * t];
        for (int k = 0; k < t; k++) {
            Column c = targetColumn(train, targets.get(k));
            if (c.type() == ColumnType.CATEGORICAL || c.type() == ColumnType.DATE) {
                throw new IllegalArgumentException("Pipeline.fit: the target '" + targets.get(k) + "' is " + c.type().label()
                        + "; multi-output regression predicts numbers, so every target must be numeric");
            }
            float[] v = train.labels(targets.get(k)).toFloatArray();
            for (int i = 0; i < n; i++) y[i * t + k] = v[i];
        }
        Table features = train.drop(targets.toArray(String[]::new));
        Tensor x = preprocessor.fit(features).transformToTensor(features);
        estimator.fit(x, Tensor.of(y, n, t));
        return of(features, targets.getFirst(), preprocessor, null, estimator).withTargets(targets).withTrainingRows(features);
    }

    /**
     * This pipeline predicting the columns {@code names}, the first being {@link #target()}: for a
     * multi-output regressor assembled from fitted parts ({@link #of}); {@link #fit(Table, List,
     * Preprocessor, Estimator)} sets them itself.
     *
     * @throws IllegalArgumentException when the first is not the target, or the pipeline reads one of them
     */
    public Pipeline withTargets(List<String> names) {
        if (names.isEmpty() || !names.getFirst().equals(target)) {
            throw new IllegalArgumentException("the targets " + names + " must start with the pipeline's target '" + target + "'");
        }
        for (InputColumn c : inputs) {
            if (names.contains(c.name())) {
                throw new IllegalArgumentException("the pipeline reads its target column '" + c.name() + "' as an input; a model that"
                        + " sees its target leaks the answer");
            }
        }
        return new Pipeline(inputKind, target, names, inputs, imageShape, pixelScale, preprocessor, labels, estimator, metadata, trainingRows);
    }

    /**
     * A pipeline of parts already fitted: {@code fitted} preprocessor and estimator, and
     * {@code labels} for a classifier ({@code null} for a regressor). The schema is the columns the
     * preprocessor reads, with their types (and a categorical column's categories) taken from
     * {@code schemaSource}, normally the training table.
     *
     * @throws IllegalArgumentException when a part is missing or not fitted, labels do not match
     *     the estimator's kind, the preprocessor reads the target, or {@code schemaSource} lacks a
     *     column the preprocessor reads
     */
    public static Pipeline of(Table schemaSource, String target, Preprocessor fitted, LabelEncoder labels, Estimator estimator) {
        Objects.requireNonNull(schemaSource, "schemaSource");
        requireParts(fitted, estimator);
        if (target == null || target.isBlank()) throw new IllegalArgumentException("Pipeline.of: the target name is blank");
        if (!fitted.isFitted()) {
            throw new IllegalArgumentException("Pipeline.of: the preprocessor is not fitted; fit it on the training table first"
                    + " (or use Pipeline.fit, which fits every part)");
        }
        checkLabels(labels, estimator, "Pipeline.of");
        List<InputColumn> inputs = new ArrayList<>();
        for (String name : readColumns(fitted)) {
            if (name.equals(target)) {
                throw new IllegalArgumentException("Pipeline.of: the preprocessor reads the target column '" + target + "'; a model"
                        + " that sees its target leaks the answer. Fit the preprocessor on the table without it (table.drop(target))");
            }
            if (!schemaSource.has(name)) {
                String near = Names.closest(name, schemaSource.columnNames());
                throw new IllegalArgumentException("Pipeline.of: the preprocessor reads column '" + name + "' but the schema table"
                        + " has none" + (near != null ? "; did you mean '" + near + "'?" : "") + " Pass the training table");
            }
            inputs.add(describe(schemaSource.column(name)));
        }
        return new Pipeline(InputKind.TABLE, target, inputs, null, Double.NaN, fitted, labels, estimator, Map.of());
    }

    /**
     * A pipeline for an image classifier: input is a float tensor {@code [n, channels, height,
     * width]} already scaled as the estimator was trained; {@code pixelScale} records that scaling
     * (e.g. 1/255) for the programs that read raw pixels. The target is named {@code "label"}.
     *
     * @throws IllegalArgumentException for a size below 1, a non-positive scale, fewer than two
     *     classes or repeated ones, or an estimator that is not a classifier of that many classes
     */
    public static Pipeline forImages(int channels, int height, int width, double pixelScale, List<String> classes, Estimator fitted) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("Pipeline.forImages: channels, height and width must be >= 1, got "
                    + channels + ", " + height + ", " + width);
        }
        if (!(pixelScale > 0) || Double.isInfinite(pixelScale)) {
            throw new IllegalArgumentException("Pipeline.forImages: pixelScale must be positive and finite (1/255.0 for 0..255"
                    + " pixels scaled to 0..1, 1 for none), got " + pixelScale);
        }
        Objects.requireNonNull(fitted, "estimator");
        if (classes == null || classes.size() < 2 || classes.stream().anyMatch(Objects::isNull)
                || new LinkedHashSet<>(classes).size() != classes.size()) {
            throw new IllegalArgumentException("Pipeline.forImages: classes must be two or more distinct names in index order"
                    + " (class i is classes.get(i)), got " + classes);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("type", "LabelEncoder");
        config.put("column", "label");
        config.put("classes", List.copyOf(classes));
        LabelEncoder labels = LabelEncoder.fromConfig(config);
        checkLabels(labels, fitted, "Pipeline.forImages");
        return new Pipeline(InputKind.IMAGES, "label", List.of(), new int[] {channels, height, width}, pixelScale, null, labels,
                fitted, Map.of());
    }

    private static void requireParts(Preprocessor preprocessor, Estimator estimator) {
        if (preprocessor == null) {
            throw new IllegalArgumentException("Pipeline: the preprocessor is null; a table pipeline needs one, e.g."
                    + " Preprocessor.builder().numeric(columns, new StandardScaler()).build()");
        }
        if (estimator == null) throw new IllegalArgumentException("Pipeline: the estimator is null");
    }

    private static Column targetColumn(Table train, String target) {
        if (target == null || !train.has(target)) {
            String near = target == null ? null : Names.closest(target, train.columnNames());
            throw new IllegalArgumentException("Pipeline.fit: the table has no target column '" + target + "'"
                    + (near != null ? "; did you mean '" + near + "'?" : "") + " Its columns are " + train.columnNames());
        }
        return train.column(target);
    }

    static void checkLabels(LabelEncoder labels, Estimator estimator, String who) {
        if (estimator.isClassifier()) {
            if (labels == null || !labels.isFitted()) {
                throw new IllegalArgumentException(who + ": " + estimator + " is a classifier, so the pipeline needs the fitted"
                        + " LabelEncoder of its classes (new LabelEncoder().fit(train.column(target)))");
            }
            if (!(estimator instanceof Classifier c)) {
                throw new IllegalArgumentException(who + ": " + estimator + " says it is a classifier but is not a Classifier"
                        + " (with predictProba)");
            }
            int k;
            try {
                k = c.classCount();
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(who + ": the estimator is not fitted: " + e.getMessage(), e);
            }
            if (k != labels.classes().size()) {
                throw new IllegalArgumentException(who + ": " + estimator + " predicts " + k + " classes but the labels name "
                        + labels.classes().size() + " " + labels.classes() + "; fit both on the same targets");
            }
        } else if (labels != null) {
            throw new IllegalArgumentException(who + ": " + estimator + " is a regressor, so it takes no LabelEncoder; pass null");
        }
    }

    /** The columns a fitted preprocessor reads: its groups' columns, then those it passes through. */
    static List<String> readColumns(Preprocessor p) {
        Set<String> out = new LinkedHashSet<>();
        Map<String, Object> config = p.config();
        if (config.get("groups") instanceof List<?> groups) {
            for (Object g : groups) {
                if (g instanceof Map<?, ?> m && m.get("columns") instanceof List<?> cols) for (Object c : cols) out.add((String) c);
            }
        }
        if (config.get("fitted") instanceof Map<?, ?> f && f.get("passthrough") instanceof List<?> pass) {
            for (Object c : pass) out.add((String) c);
        }
        return List.copyOf(out);
    }

    /**
     * A text column with more distinct values than this is free text (reviews, messages), not
     * categories: the schema lists none of its values, which would copy the training texts into the
     * pipeline file and the server's metadata.
     */
    static final int MAX_SCHEMA_CATEGORIES = 1000;

    private static InputColumn describe(Column c) {
        if (c instanceof CategoricalColumn cat) {
            if (cat.levels().size() > MAX_SCHEMA_CATEGORIES) return new InputColumn(c.name(), c.type(), List.of());
            Set<String> seen = new java.util.TreeSet<>();   // String order is code point order for the text files hold
            for (int r = 0; r < cat.size(); r++) if (!cat.isMissing(r)) seen.add(cat.get(r));
            return new InputColumn(c.name(), c.type(), List.copyOf(seen));
        }
        return new InputColumn(c.name(), c.type(), List.of());
    }

    // ---- what it is --------------------------------------------------------------------------

    /** Whether the pipeline takes a table or images. */
    public InputKind inputKind() {
        return inputKind;
    }

    /** The target column's name ({@code "label"} for images); the first of {@link #targets()} for several. */
    public String target() {
        return target;
    }

    /** Every target column's name, in the order of the predictions' columns: one, or several for multi-output regression. */
    public List<String> targets() {
        return targets;
    }

    /** Whether it predicts classes. */
    public boolean isClassifier() {
        return labels != null;
    }

    /** The class names in index order (class i is {@code classes().get(i)}); empty for a regressor. */
    public List<String> classes() {
        return labels == null ? List.of() : labels.classes();
    }

    /** The columns it reads, in order, with their types; empty for images. */
    public List<InputColumn> inputs() {
        return inputs;
    }

    /** {@code {channels, height, width}} of the images it takes, or null for a table pipeline. */
    public int[] imageShape() {
        return imageShape == null ? null : imageShape.clone();
    }

    /** The scale the images were multiplied by before training (e.g. 1/255), or NaN for a table pipeline. */
    public double pixelScale() {
        return pixelScale;
    }

    /** The fitted preprocessor, or null for images. */
    public Preprocessor preprocessor() {
        return preprocessor;
    }

    /** The fitted label encoder of a classifier, or null for a regressor. */
    public LabelEncoder labels() {
        return labels;
    }

    /** The fitted estimator. */
    public Estimator estimator() {
        return estimator;
    }

    // ---- predicting --------------------------------------------------------------------------

    /**
     * The float32 features {@code [rows, features]} the estimator takes: the input columns checked
     * and converted to their trained types, then preprocessed. Columns it does not read are ignored.
     *
     * @throws PipelineInputException naming a missing column (and the closest the table has), a
     *     column of an incompatible type, or a value the preprocessing refuses (an unseen category)
     * @throws IllegalStateException for an image pipeline (use {@link #predictImages})
     */
    public Tensor features(Table table) {
        requireTable("features");
        Table checked = TableInputs.select(table, inputs);
        NonFiniteValue bad = FiniteInputs.first(checked, inputs, FiniteInputs.imputed(preprocessor));
        if (bad != null) {
            throw new PipelineInputException(bad.row(), bad.column(), bad.describe() + "; fix the value" + (bad.imputed()
                    ? ", or read such values as missing with Pipeline.nonFiniteAsMissing(table): the pipeline imputes '" + bad.column() + "'"
                    : ": the pipeline does not impute '" + bad.column() + "' (it has no SimpleImputer for it), so it cannot be read as missing"));
        }
        try {
            return preprocessor.transformToTensor(checked);
        } catch (IllegalArgumentException e) {
            throw new PipelineInputException(-1, null, "the data cannot be preprocessed as in training: " + e.getMessage(), e);
        }
    }

    /**
     * The first value of the numeric columns this pipeline reads that a model cannot compute with
     * (an infinity, or a number beyond float32's range), or null when there is none. Prediction
     * refuses such values; {@link #nonFiniteAsMissing} reads them as missing instead.
     *
     * @throws PipelineInputException naming a missing column, or one of an incompatible type
     */
    public NonFiniteValue nonFiniteValue(Table table) {
        requireTable("nonFiniteValue");
        return FiniteInputs.first(TableInputs.select(table, inputs), inputs, FiniteInputs.imputed(preprocessor));
    }

    /**
     * {@code table} with the values of {@link #nonFiniteValue} (infinities, numbers beyond float32's
     * range) made missing, for the pipeline's imputer to fill in as it fills in empty values.
     *
     * <pre>{@code
     * Column predicted = pipeline.predictColumn(pipeline.nonFiniteAsMissing(table));
     * }</pre>
     *
     * @throws PipelineInputException naming the row and column of such a value in a column the
     *     pipeline does not impute, where a missing value cannot be filled in either
     */
    public Table nonFiniteAsMissing(Table table) {
        requireTable("nonFiniteAsMissing");
        Objects.requireNonNull(table, "table");
        if (nonFiniteValue(table) == null) return table;
        Table out = FiniteInputs.asMissing(table, inputs, FiniteInputs.imputed(preprocessor));
        NonFiniteValue bad = nonFiniteValue(out);   // what is left is in a column the pipeline does not impute
        if (bad != null) {
            throw new PipelineInputException(bad.row(), bad.column(), bad.describe() + ", and it cannot be read as missing: the pipeline"
                    + " does not impute '" + bad.column() + "' (it was trained without an imputer for it); fix the value");
        }
        return out;
    }

    /**
     * Checks that {@code table} has every column the pipeline reads, without preprocessing it.
     *
     * @throws PipelineInputException naming every missing column, each with the closest column the
     *     pipeline does not read (a likely rename)
     */
    public void requireColumns(Table table) {
        requireTable("requireColumns");
        TableInputs.requireColumns(table, inputs);
    }

    /** The columns of {@code table} that the pipeline does not read (the target among them), in table order. */
    public List<String> ignoredColumns(Table table) {
        requireTable("ignoredColumns");
        Objects.requireNonNull(table, "table");
        return TableInputs.ignored(table, inputs);
    }

    /** Predictions for a table: int32 class indices {@code [rows]}, or float32 values {@code [rows]} / {@code [rows, targets]}. */
    public Tensor predict(Table table) {
        return estimator.predict(features(table));
    }

    /**
     * Predictions for images {@code [n, channels, height, width]}, scaled as in training.
     *
     * @throws PipelineInputException when the shape differs from the trained one
     * @throws IllegalStateException for a table pipeline
     */
    public Tensor predictImages(Tensor images) {
        return estimator.predict(checkImages(images));
    }

    /**
     * Decoded predictions named as the target: a {@link CategoricalColumn} of class names for a
     * classifier, a {@link NumericColumn} of values for a regressor.
     *
     * @throws IllegalStateException for an image pipeline, or a regressor that predicts several targets
     */
    public Column predictColumn(Table table) {
        return decode(predict(table));
    }

    /**
     * A predictor of rows of numbers with no table built, for a pipeline whose inputs are all
     * numeric and whose preprocessing works value by value (scalers, numeric imputers); its
     * answers are those of {@link #predictColumn} and {@link #predictProba} for the same rows.
     * Empty for images, categorical inputs, or an encoder. Build it once and keep it: it takes
     * the preprocessing's statistics of now.
     */
    public Optional<RowPredictor> rowPredictor() {
        return RowPredictor.of(this);
    }

    /** The estimator's predictions {@code p} decoded as {@link #predictColumn} returns them. */
    Column decode(Tensor p) {
        if (labels != null) return labels.inverseTransform(p).rename(target);
        if (p.rank() == 2 && p.shape(1) != 1) {
            throw new IllegalStateException("Pipeline.predictColumn: the estimator predicts " + p.shape(1) + " values per row;"
                    + " a column holds one, so use predict(table)");
        }
        return NumericColumn.of(target, p.asType(DType.FLOAT64).toDoubleArray());
    }

    /**
     * Decoded predictions, one column per target named as it: {@link #predictColumn} for one
     * target, a {@link NumericColumn} per target for a multi-output regressor.
     *
     * @throws IllegalStateException for an image pipeline
     */
    public List<Column> predictColumns(Table table) {
        if (targets.size() == 1) return List.of(predictColumn(table));
        Tensor p = predict(table);
        int n = table.rowCount();
        int t = targets.size();
        double[] flat = p.asType(DType.FLOAT64).toDoubleArray();
        if (flat.length != n * t) {
            throw new IllegalStateException("Pipeline.predictColumns: the estimator predicts " + flat.length / Math.max(1, n)
                    + " values per row for " + t + " targets " + targets);
        }
        List<Column> out = new ArrayList<>();
        for (int k = 0; k < t; k++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = flat[i * t + k];
            out.add(NumericColumn.of(targets.get(k), v));
        }
        return out;
    }

    /**
     * Class probabilities {@code [rows, classes]} for a table; column c is {@code classes().get(c)}.
     *
     * @throws IllegalStateException for a regressor, or an image pipeline
     */
    public Tensor predictProba(Table table) {
        Classifier c = classifier("predictProba");
        return c.predictProba(features(table));
    }

    /** Class probabilities {@code [n, classes]} for images; see {@link #predictImages}. */
    public Tensor predictProbaImages(Tensor images) {
        Classifier c = classifier("predictProbaImages");
        return c.predictProba(checkImages(images));
    }

    Classifier classifier(String method) {
        if (labels == null || !(estimator instanceof Classifier c)) {
            throw new IllegalStateException("Pipeline." + method + ": " + estimator + " is a regressor; it predicts values, not"
                    + " class probabilities; use predict");
        }
        return c;
    }

    private Tensor checkImages(Tensor images) {
        if (inputKind != InputKind.IMAGES) {
            throw new IllegalStateException("this pipeline takes a table (columns " + inputs.stream().map(InputColumn::name).toList()
                    + "), not images; use predict(table)");
        }
        if (images == null) throw new PipelineInputException(-1, null, "the images are null");
        int[] s = images.shape();
        if (s.length != 4 || s[1] != imageShape[0] || s[2] != imageShape[1] || s[3] != imageShape[2]) {
            throw new PipelineInputException(-1, null, "the images have shape " + Arrays.toString(s) + " but the model takes [n, "
                    + imageShape[0] + ", " + imageShape[1] + ", " + imageShape[2] + "] (n images of channels, height, width)"
                    + (s.length == 3 && s[0] == imageShape[0] ? "; for one image add the batch axis: image.reshape(1, "
                    + imageShape[0] + ", " + imageShape[1] + ", " + imageShape[2] + ")" : "; resize them as in training"));
        }
        return images.dtype() == DType.FLOAT32 ? images : images.asType(DType.FLOAT32);
    }

    private void requireTable(String method) {
        if (inputKind != InputKind.TABLE) {
            throw new IllegalStateException("Pipeline." + method + ": this pipeline takes images " + Arrays.toString(imageShape())
                    + ", not a table; use predictImages(tensor)");
        }
    }

    /**
     * A table with this pipeline's input columns from JSON-like records (what an HTTP server
     * receives): numbers for numeric fields, strings for categorical ones, true/false for boolean
     * ones, ISO strings ({@code "2024-01-31"}) for dates, null for a missing value. Fields the
     * pipeline does not read are ignored.
     *
     * @throws PipelineInputException naming the record and field: {@code record 3, field 'age':
     *     expected a number, got "abc"}; for a missing field, the closest field the record has
     * @throws IllegalStateException for an image pipeline
     */
    public Table tableOf(List<? extends Map<String, ?>> records) {
        requireTable("tableOf");
        return TableInputs.fromRecords(records, inputs);
    }

    // ---- metadata and files ------------------------------------------------------------------

    /** Free-form JSON-able facts saved with the pipeline (data set, scores, creation time, Fathom version). */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /**
     * A copy of this pipeline with {@code extra} added to (or replacing entries of) its metadata.
     *
     * @throws IllegalArgumentException when a value cannot be saved as JSON (NaN, an object that is not
     *     a map, list, string, number or boolean)
     */
    public Pipeline withMetadata(Map<String, ?> extra) {
        Objects.requireNonNull(extra, "extra");
        Map<String, Object> merged = new LinkedHashMap<>(metadata);
        merged.putAll(extra);
        return new Pipeline(inputKind, target, targets, inputs, imageShape, pixelScale, preprocessor, labels, estimator, jsonCopy(merged),
                trainingRows);
    }

    // ---- the training rows' fingerprint ------------------------------------------------------

    /**
     * The fingerprint of the rows this pipeline was trained on ({@link TrainingRows}): set by
     * {@link #fit}, {@link #withTrainingRows(Table)} and {@link #withTrainingImages(Tensor)}, saved
     * with the pipeline; empty for a pipeline made without one.
     */
    public Optional<TrainingRows> trainingRows() {
        return Optional.ofNullable(trainingRows);
    }

    /**
     * A copy of this table pipeline that remembers {@code train}'s rows (a fingerprint over the input
     * columns, {@link TrainingRows}), so that {@link #trainingOverlap(Table)} can tell when data
     * scored later holds them. Give the rows the estimator was fitted on.
     *
     * @throws IllegalStateException for an image pipeline (use {@link #withTrainingImages})
     * @throws IllegalArgumentException naming the closest column when {@code train} lacks an input column
     */
    public Pipeline withTrainingRows(Table train) {
        Objects.requireNonNull(train, "train");
        if (inputKind != InputKind.TABLE) {
            throw new IllegalStateException("withTrainingRows: this pipeline takes images; use withTrainingImages(images)");
        }
        requireColumns(train);
        return with(TrainingRows.ofTable(train, inputNames()));
    }

    /**
     * A copy of this image pipeline that remembers the images {@code [n, channels, height, width]}
     * it was trained on, scaled as the estimator saw them.
     *
     * @throws IllegalStateException for a table pipeline (use {@link #withTrainingRows})
     */
    public Pipeline withTrainingImages(Tensor images) {
        Objects.requireNonNull(images, "images");
        if (inputKind != InputKind.IMAGES) throw new IllegalStateException("withTrainingImages: this pipeline takes a table; use withTrainingRows(table)");
        return with(TrainingRows.ofImages(checkImages(images)));
    }

    /** How many of {@code data}'s rows were used to train this pipeline; empty without a fingerprint. */
    public Optional<TrainingRows.Overlap> trainingOverlap(Table data) {
        if (trainingRows == null || inputKind != InputKind.TABLE) return Optional.empty();
        requireColumns(data);
        return Optional.of(trainingRows.overlapTable(data, inputNames()));
    }

    /** How many of {@code images} were used to train this pipeline; empty without a fingerprint. */
    public Optional<TrainingRows.Overlap> trainingOverlapImages(Tensor images) {
        if (trainingRows == null || inputKind != InputKind.IMAGES) return Optional.empty();
        return Optional.of(trainingRows.overlapImages(checkImages(images)));
    }

    Pipeline with(TrainingRows rows) {
        return new Pipeline(inputKind, target, targets, inputs, imageShape, pixelScale, preprocessor, labels, estimator, metadata, rows);
    }

    private List<String> inputNames() {
        return inputs.stream().map(InputColumn::name).toList();
    }

    static Map<String, Object> jsonCopy(Map<String, ?> map) {
        checkFinite(map, "metadata");
        String text;
        try {
            text = Json.writeCompact(map);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("metadata must be JSON (maps, lists, strings, numbers, booleans): " + e.getMessage(), e);
        }
        try {
            return Json.parse(text, "metadata");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("metadata must be JSON (maps, lists, strings, finite numbers, booleans); "
                    + e.getMessage(), e);
        }
    }

    /** Refuses NaN and infinities, which JSON has no words for (other readers of the file would choke on them). */
    private static void checkFinite(Object value, String where) {
        switch (value) {
            case Double d when !Double.isFinite(d) -> throw new IllegalArgumentException("metadata must be JSON (maps, lists, strings,"
                    + " finite numbers, booleans), but " + where + " is " + d + "; store it as a string or leave it out");
            case Float f when !Float.isFinite(f) -> throw new IllegalArgumentException("metadata must be JSON (maps, lists, strings,"
                    + " finite numbers, booleans), but " + where + " is " + f + "; store it as a string or leave it out");
            case Map<?, ?> m -> m.forEach((k, v) -> checkFinite(v, where + "." + k));
            case List<?> l -> {
                for (int i = 0; i < l.size(); i++) checkFinite(l.get(i), where + "[" + i + "]");
            }
            case null, default -> { }
        }
    }

    /**
     * Writes the pipeline to {@code file}, atomically: a crash or an error leaves the previous file
     * as it was. The format is a zip described in {@code docs/pipeline-file-format.md}.
     *
     * @throws dev.fathom.saving.ModelFileException naming the file and the part that cannot be saved
     *     (an estimator without saveState, say), or the I/O error
     */
    public void save(Path file) {
        PipelineFile.save(this, file);
    }

    /**
     * The pipeline saved in {@code file}; a file another format's {@link PipelineReader} takes
     * (an {@code .onnx} file, with fathom-onnx on the class path) is read by it.
     *
     * @throws dev.fathom.saving.ModelFileException naming the file and what is wrong when it is
     *     missing, truncated, damaged, of another format, or of a newer version; nothing is half-loaded
     */
    public static Pipeline load(Path file) {
        // Other formats (fathom-onnx's .onnx) through their readers, with Fathom's own loader.
        for (PipelineReader reader : java.util.ServiceLoader.load(PipelineReader.class, PipelineReader.class.getClassLoader())) {
            if (reader.reads(file)) return reader.read(file);
        }
        if (file.getFileName() != null && file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx")) {
            throw new dev.fathom.saving.ModelFileException("cannot load model file '" + file + "': reading ONNX files needs"
                    + " fathom-onnx on the class path (add the dependency dev.fathom:fathom-onnx)");
        }
        return PipelineFile.load(file);
    }

    @Override
    public String toString() {
        String in = inputKind == InputKind.TABLE ? inputs.size() + " columns" : "images " + Arrays.toString(imageShape);
        return "Pipeline(" + in + " -> " + estimator + " -> " + target + (isClassifier() ? " " + classes() : "") + ")";
    }
}
