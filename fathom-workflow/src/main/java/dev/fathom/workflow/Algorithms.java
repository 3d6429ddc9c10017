package dev.fathom.workflow;

import dev.fathom.backend.Device;
import dev.fathom.estimators.DummyClassifier;
import dev.fathom.estimators.DummyRegressor;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.estimators.KNeighborsRegressor;
import dev.fathom.estimators.LinearRegression;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.estimators.NaiveRegressor;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.estimators.NetworkRegressor;
import dev.fathom.estimators.Ridge;
import dev.fathom.layers.Bidirectional;
import dev.fathom.layers.Conv1D;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Dropout;
import dev.fathom.layers.Embedding;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.GRU;
import dev.fathom.layers.GlobalAveragePooling1D;
import dev.fathom.layers.GlobalMaxPooling1D;
import dev.fathom.layers.LSTM;
import dev.fathom.layers.Layer;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.layers.PositionalEmbedding;
import dev.fathom.layers.Rescaling;
import dev.fathom.layers.Reshape;
import dev.fathom.layers.TransformerEncoder;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.EarlyStopping;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.trees.HistGradientBoostingClassifier;
import dev.fathom.trees.HistGradientBoostingRegressor;
import dev.fathom.trees.MaxFeatures;
import dev.fathom.trees.RandomForestClassifier;
import dev.fathom.trees.RandomForestRegressor;
import dev.fathom.validation.ColumnSubsetEstimator;
import dev.fathom.validation.ParameterDistributions;
import dev.fathom.validation.Params;
import dev.fathom.validation.StandardizedEstimator;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The models the evaluate step spot-checks and the spaces the improve step searches: for tables a
 * dummy, a linear model, k-NN, a random forest, boosted trees and two MLP sizes; for images a
 * dummy, logistic regression on the pixels, an MLP and a small CNN. Every model on a table but the
 * dummy and the tree models sits behind a {@link StandardizedEstimator}, so each fold scales with
 * its own statistics; trees take the prepared columns as they are (numbers median-imputed, 0/1
 * booleans, dates as days, one-hot categories), since a split on one column ignores its scale. Networks stop early
 * on a tenth of their training rows ({@value #PATIENCE} epochs without a better validation loss,
 * best weights restored) and are seeded, so the same seed trains the same weights.
 */
final class Algorithms {
    static final int PATIENCE = 10;
    static final int BATCH = 32;
    /** Where the networks' own messages (early stopping) go: the workflow reports for them. */
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    /** What the models are built for: the feature count (tables) or image shape, the classes, the target's scale. */
    record Shape(int features, int[] image, int classes, double targetMean, double targetStd, SeriesShape series) {
        Shape(int features, int[] image, int classes, double targetMean, double targetStd) {
            this(features, image, classes, targetMean, targetStd, null);
        }

        boolean classification() {
            return classes > 0;
        }

        boolean images() {
            return image != null;
        }

        boolean timeSeries() {
            return series != null;
        }
    }

    /**
     * Lag features of a time series: {@code lags} steps of {@code variables} columns each (oldest
     * first, the variables side by side, the target first), and the season of {@code period} steps
     * found in the training span, or 0.
     */
    record SeriesShape(int lags, int variables, String target, int period) {
        /** The feature holding the target's value {@code lag} steps back. */
        int targetColumn(int lag) {
            return (lags - lag) * variables;
        }
    }

    /**
     * A table with free text: the feature columns the linear model and the MLPs read (all but the
     * token ids), those of the TF-IDF terms alone, one text column's token-id columns with its
     * vocabulary size, for the text network, and the columns the boosted trees read: the tabular
     * ones with only the {@value #TREE_TERMS} terms found in the most training texts.
     */
    record TextShape(String column, int[] tabular, int[] terms, int[] sequence, int vocabulary, int[] trees) {}

    /**
     * The TF-IDF terms the boosted trees read, the commonest first: a tree splits on one term at a
     * time and a rare term seldom wins a split, while every column costs a histogram per node, so
     * 500 of up to 5,000 terms keep the trees about ten times faster.
     */
    static final int TREE_TERMS = 500;

    /**
     * The fewest texts a leaf of the text table's boosted trees holds (the tables' 20 otherwise): most
     * terms of short texts are in a few dozen texts, so a split needs small leaves to use them. On
     * 4,954 Debian package descriptions scikit-learn's boosting on the same 500 terms scored 0.618
     * with 20 and 0.744 with 5 (one fold; docs/benchmarks.md).
     */
    static final int TREE_MIN_LEAF = 5;

    private final Shape shape;
    private final long seed;
    private final int maxEpochs;
    private final StopSignal stop;
    /** Set for a table with text columns, else null. */
    private final TextShape text;

    /** The spot-check list in place of the usual one, or null for the usual one. */
    private final List<Algorithm> only;
    /** Where the networks train; every other model runs on the CPU. */
    private final Device device;
    /** The pretrained network image models may start from, or null. */
    private final BaseNetwork base;

    Algorithms(Shape shape, long seed, int maxEpochs, StopSignal stop) {
        this(shape, seed, maxEpochs, stop, null);
    }

    Algorithms(Shape shape, long seed, int maxEpochs, StopSignal stop, TextShape text) {
        this.shape = shape;
        this.seed = seed;
        this.maxEpochs = maxEpochs;
        this.stop = stop;
        this.text = text;
        this.only = null;
        this.device = Device.cpu();
        this.base = null;
    }

    /** {@code of}'s models and search spaces, with the spot-check list restricted to {@code spotCheck}. */
    Algorithms(Algorithms of, List<Algorithm> spotCheck) {
        this.shape = of.shape;
        this.seed = of.seed;
        this.maxEpochs = of.maxEpochs;
        this.stop = of.stop;
        this.text = of.text;
        this.only = List.copyOf(spotCheck);
        this.device = of.device;
        this.base = of.base;
    }

    /** {@code of}'s models and search spaces with the networks trained on {@code device}, starting from {@code base} where given. */
    private Algorithms(Algorithms of, Device device, BaseNetwork base) {
        this.shape = of.shape;
        this.seed = of.seed;
        this.maxEpochs = of.maxEpochs;
        this.stop = of.stop;
        this.text = of.text;
        this.only = of.only;
        this.device = device;
        this.base = base;
    }

    /** These algorithms with the networks (MLPs, CNNs, recurrent and text networks) trained on {@code device}. */
    Algorithms onDevice(Device device) {
        return new Algorithms(this, device, base);
    }

    /**
     * These algorithms with two more image models starting from {@code base}: its frozen body's
     * features into a logistic regression, and its body frozen under a new trained head.
     */
    Algorithms withBase(BaseNetwork base) {
        return new Algorithms(this, device, base);
    }

    /** The pretrained network image models start from, or null. */
    BaseNetwork base() {
        return base;
    }

    Shape shape() {
        return shape;
    }

    /** The text columns' shape, or null for a table without text. */
    TextShape text() {
        return text;
    }

    long seed() {
        return seed;
    }

    int maxEpochs() {
        return maxEpochs;
    }

    /** The spot-check list, simplest first; names follow the search's, so the search skips configurations already tried. */
    List<Algorithm> spotCheck() {
        if (only != null) return only;
        List<Algorithm> list = new ArrayList<>();
        boolean cls = shape.classification();
        if (shape.images()) {
            list.add(new Algorithm("dummy (most frequent class)", Algorithm.Family.DUMMY,
                    "the score of knowing nothing: every model must beat it", DummyClassifier::new));
            list.add(new Algorithm("logistic regression on pixels", Algorithm.Family.LINEAR,
                    "a linear model of the raw pixels: how far simple brightness patterns go", () -> network(linearImage(1e-3))));
            list.add(new Algorithm("MLP 128 dropout 0.2 lr 0.001", Algorithm.Family.MLP, "a hidden layer learns combinations of pixels",
                    () -> network(mlp(List.of(128), 0.2, 1e-3))));
            list.add(new Algorithm("CNN 16-32 dense 64 dropout 0.25 lr 0.001", Algorithm.Family.CNN, "convolutions see local shapes wherever they are in the image",
                    () -> network(cnn(16, 64, 0.25, 1e-3))));
            if (base != null) {
                list.add(new Algorithm(featuresName(1.0), Algorithm.Family.PRETRAINED, "what the pretrained body learnt to see, as"
                        + " features: a linear model on them needs few images", () -> pretrainedFeatures(1.0)));
                list.add(new Algorithm(fineTunedName(false, 1e-3), Algorithm.Family.PRETRAINED, "the pretrained body frozen, a new head"
                        + " trained by gradient descent (the search also unfreezes the body's last layer at a smaller learning rate)",
                        () -> fineTuned(false, 1e-3)));
            }
            return list;
        }
        if (shape.timeSeries()) return seriesSpotCheck();
        if (text != null) return textSpotCheck();
        list.add(cls ? new Algorithm("dummy (most frequent class)", Algorithm.Family.DUMMY,
                        "the score of knowing nothing: every model must beat it", DummyClassifier::new)
                : new Algorithm("dummy (mean)", Algorithm.Family.DUMMY, "the score of knowing nothing: every model must beat it",
                        DummyRegressor::new));
        list.add(cls ? new Algorithm("logistic regression", Algorithm.Family.LINEAR,
                        "a linear boundary: fast, hard to overfit, often hard to beat", () -> scaled(new LogisticRegression()))
                : new Algorithm("ridge alpha=1.0", Algorithm.Family.LINEAR, "a straight-line fit, solved directly, with a light"
                        + " penalty that keeps it stable on correlated columns: fast and often hard to beat", () -> scaled(new Ridge(1.0))));
        list.add(new Algorithm("k-NN k=5", Algorithm.Family.NEIGHBOURS,
                "predicts from the 5 most similar training rows: no assumption about the shape of the boundary",
                () -> scaled(cls ? new KNeighborsClassifier(5) : new KNeighborsRegressor(5))));
        list.add(new Algorithm("random forest 100 trees", Algorithm.Family.FOREST,
                "averages 100 deep trees grown on bootstrap samples: captures interactions and thresholds with no tuning",
                () -> forest(100, 0, 1, cls ? MaxFeatures.sqrt() : MaxFeatures.all())));
        list.add(new Algorithm("boosted trees lr 0.1 leaves 31", Algorithm.Family.BOOSTING,
                "adds small trees one by one, each correcting the errors so far: often the best on tables",
                () -> boosted(0.1, 31, 0, 0.0, 1.0)));
        list.add(new Algorithm("MLP 64 dropout 0.1 lr 0.001", Algorithm.Family.MLP, "one hidden layer of 64 units learns non-linear combinations",
                () -> scaled(network(mlp(List.of(64), 0.1, 1e-3)))));
        list.add(new Algorithm("MLP 128-64 dropout 0.2 lr 0.001", Algorithm.Family.MLP, "two hidden layers: more capacity, more risk of overfitting",
                () -> scaled(network(mlp(List.of(128, 64), 0.2, 1e-3)))));
        return list;
    }

    /**
     * For a time series: the persistence and seasonal-naive forecasts as the floor, an
     * autoregression (linear regression on the lags), k-NN over past windows, an MLP, and a recurrent
     * network reading the window step by step.
     */
    private List<Algorithm> seriesSpotCheck() {
        SeriesShape s = shape.series();
        String last = s.target() + "[t-1]";
        List<Algorithm> list = new ArrayList<>();
        list.add(new Algorithm("persistence (last value)", Algorithm.Family.DUMMY, "forecasts " + last + ": the forecast of knowing"
                + " nothing but the present; every model must beat it", () -> new NaiveRegressor(s.targetColumn(1), last)));
        if (s.period() > 0) {
            String back = s.target() + "[t-" + s.period() + "]";
            list.add(new Algorithm("seasonal naive (" + s.period() + " steps back)", Algorithm.Family.DUMMY, "forecasts " + back
                    + ": the value one season back", () -> new NaiveRegressor(s.targetColumn(s.period()), back)));
        }
        list.add(new Algorithm("linear regression", Algorithm.Family.LINEAR, "an autoregression: the next value as a weighted sum"
                + " of the past ones", () -> scaled(new LinearRegression())));
        list.add(new Algorithm("k-NN k=5", Algorithm.Family.NEIGHBOURS, "forecasts from the 5 most similar past windows",
                () -> scaled(new KNeighborsRegressor(5))));
        list.add(new Algorithm("MLP 64 dropout 0.1 lr 0.001", Algorithm.Family.MLP, "one hidden layer of 64 units learns non-linear"
                + " combinations of the lags", () -> scaled(network(mlp(List.of(64), 0.1, 1e-3)))));
        list.add(new Algorithm("LSTM 32 lr 0.001", Algorithm.Family.RNN, "a recurrent network reads the window step by step, oldest"
                + " first, and carries what matters in its state", () -> scaled(network(recurrent("LSTM", 32, 1e-3)))));
        return list;
    }

    /**
     * For a table with free text: the dummy, the linear model on the TF-IDF terms (and the other
     * columns, standardized by the preparation), an MLP on the same columns, boosted trees on the
     * {@value #TREE_TERMS} commonest terms and the other columns, a convolution over the token ids and
     * a small Transformer encoder attending to all of them. k-NN is left out: distances over
     * thousands of sparse TF-IDF columns say little and cost much.
     */
    private List<Algorithm> textSpotCheck() {
        boolean cls = shape.classification();
        List<Algorithm> list = new ArrayList<>();
        list.add(cls ? new Algorithm("dummy (most frequent class)", Algorithm.Family.DUMMY,
                        "the score of knowing nothing: every model must beat it", DummyClassifier::new)
                : new Algorithm("dummy (mean)", Algorithm.Family.DUMMY, "the score of knowing nothing: every model must beat it",
                        DummyRegressor::new));
        list.add(cls ? new Algorithm("TF-IDF + logistic regression", Algorithm.Family.LINEAR, "a weight per word and word pair:"
                        + " fast, hard to overfit, the standard text baseline", () -> tabular(new LogisticRegression()))
                : new Algorithm("TF-IDF + linear regression", Algorithm.Family.LINEAR, "a weight per word and word pair",
                        () -> tabular(new LinearRegression())));
        list.add(new Algorithm("TF-IDF + MLP 64 dropout 0.1 lr 0.001", Algorithm.Family.MLP, "a hidden layer combines words",
                () -> tabular(network(mlp(List.of(64), 0.1, 1e-3), text.tabular().length))));
        int treeTerms = text.trees().length - (text.tabular().length - text.terms().length);
        list.add(new Algorithm(treesName(0.1, 31), Algorithm.Family.BOOSTING, "small trees added one by one on the " + treeTerms
                + " commonest words and word pairs (and the other columns): finds words that matter together, or only beside"
                + " another column", () -> trees(boosted(0.1, 31, 0, 0.0, 1.0, TREE_MIN_LEAF))));
        list.add(new Algorithm("embedding 64 + Conv1D 64 lr 0.001", Algorithm.Family.TEXT, "reads '" + text.column() + "' word by word:"
                + " the convolution finds phrases of up to 5 words wherever they are", () -> textNetwork("conv", 64, 1e-3)));
        list.add(new Algorithm(textNetworkName("transformer", 32, 1e-3), Algorithm.Family.TEXT, "attends to every word of '"
                + text.column() + "' at once: each word's meaning is read in the light of all the others, however far apart",
                () -> textNetwork("transformer", 32, 1e-3)));
        return list;
    }

    /** An estimator on the table's columns except the token ids. */
    private Estimator tabular(Estimator inner) {
        return new ColumnSubsetEstimator(text.tabular(), inner);
    }

    /** An estimator on the table's columns except the token ids and the rarer terms ({@link TextShape#trees()}). */
    private Estimator trees(Estimator inner) {
        return new ColumnSubsetEstimator(text.trees(), inner);
    }

    /** The boosted trees' name on a text table, the same in the spot-check and the search. */
    private static String treesName(double lr, int leaves) {
        return "TF-IDF + boosted trees lr " + lr + " leaves " + leaves + " min leaf " + TREE_MIN_LEAF;
    }

    /**
     * A network on the token ids of the text column: an embedding, then a convolution, a
     * bidirectional GRU, or (kind "transformer") a learned position per step and one Transformer
     * encoder block (feed-forward 2 x units, dropout 0.1) averaged over the real words.
     */
    private Estimator textNetwork(String kind, int units, double lr) {
        int length = text.sequence().length;
        Net net = new Net(() -> {
            List<Layer> layers = new ArrayList<>();
            switch (kind) {
                case "conv" -> {
                    layers.add(new Embedding(text.vocabulary(), units));
                    layers.add(new Conv1D(units, 5, "relu"));
                    layers.add(new GlobalMaxPooling1D());
                    layers.add(new Dropout(0.3));
                }
                case "bigru" -> {
                    layers.add(new Embedding(text.vocabulary(), units).maskZero(true));
                    layers.add(new Bidirectional(new GRU(units / 2)));
                    layers.add(new Dropout(0.3));
                }
                case "transformer" -> {
                    layers.add(new Embedding(text.vocabulary(), units).maskZero(true));
                    layers.add(PositionalEmbedding.learned(length));
                    layers.add(new TransformerEncoder(2 * units, heads(units)).dropout(0.1));
                    layers.add(new GlobalAveragePooling1D());
                }
                default -> throw new IllegalArgumentException("unknown text network kind '" + kind + "': conv, bigru or transformer");
            }
            return layers;
        }, lr);
        return new ColumnSubsetEstimator(text.sequence(), network(net, length));
    }

    /** The attention heads of a Transformer text network: 16 features per head, 2 to 4 heads. */
    private static int heads(int units) {
        return Math.clamp(units / 16, 2, 4);
    }

    /** A text network's name, the same in the spot-check and the search, so the search skips it once tried. */
    private static String textNetworkName(String kind, int units, double lr) {
        return "embedding " + units + switch (kind) {
            case "conv" -> " + Conv1D " + units;
            case "bigru" -> " + bidirectional GRU " + units / 2;
            default -> " + Transformer encoder " + heads(units) + " heads";
        } + " lr " + lr;
    }

    /** The search space around a family and the factory it feeds; null when the family has nothing to tune. */
    Search searchSpace(Algorithm.Family family) {
        boolean cls = shape.classification();
        if (text != null) return textSearchSpace(family);
        return switch (family) {
            case LINEAR -> shape.images() || shape.timeSeries() ? null : cls
                    ? new Search(new ParameterDistributions().add("C", 0.01, 0.03, 0.1, 0.3, 3.0, 10.0, 100.0)
                            .add("balanced", false, true),
                            p -> scaled(p.getBoolean("balanced") ? new LogisticRegression(p.getDouble("C")).balancedClassWeight()
                                    : new LogisticRegression(p.getDouble("C"))),
                            p -> "logistic regression C=" + p.get("C") + (p.getBoolean("balanced") ? " balanced" : ""))
                    : new Search(new ParameterDistributions().add("alpha", 0.01, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0),
                            p -> scaled(new Ridge(p.getDouble("alpha"))), p -> "ridge alpha=" + p.get("alpha"));
            case NEIGHBOURS -> new Search(new ParameterDistributions().add("k", 1, 3, 5, 7, 9, 15, 25).add("distance", false, true),
                    p -> scaled(cls ? new KNeighborsClassifier(p.getInt("k"), p.getBoolean("distance"))
                            : new KNeighborsRegressor(p.getInt("k"), p.getBoolean("distance"))),
                    p -> "k-NN k=" + p.get("k") + (p.getBoolean("distance") ? " distance-weighted" : ""));
            case FOREST -> new Search(new ParameterDistributions().add("trees", 100, 200, 300).add("depth", 0, 8, 16, 32)
                    .add("leaf", 1, 2, 5, 10).add("features", "sqrt", "0.33", "0.5", "all"),
                    p -> forest(p.getInt("trees"), p.getInt("depth"), p.getInt("leaf"), maxFeatures(p.getString("features"))),
                    p -> "random forest " + p.get("trees") + " trees" + (p.getInt("depth") > 0 ? " depth " + p.get("depth") : "")
                            + " leaf " + p.get("leaf") + " features " + p.get("features"));
            case BOOSTING -> new Search(new ParameterDistributions().add("lr", 0.03, 0.1, 0.3).add("leaves", 7, 15, 31, 63)
                    .add("depth", 0, 3, 6, 10).add("l2", 0.0, 0.1, 1.0, 10.0).add("features", 0.5, 0.8, 1.0),
                    p -> boosted(p.getDouble("lr"), p.getInt("leaves"), p.getInt("depth"), p.getDouble("l2"), p.getDouble("features")),
                    p -> "boosted trees lr " + p.get("lr") + " leaves " + p.get("leaves") + (p.getInt("depth") > 0 ? " depth " + p.get("depth") : "")
                            + " l2 " + p.get("l2") + " features " + p.get("features"));
            case MLP -> new Search(new ParameterDistributions().add("units", 32, 64, 128, 256).add("layers", 1, 2)
                    .add("dropout", 0.0, 0.1, 0.2, 0.3).add("lr", 3e-4, 1e-3, 3e-3),
                    p -> {
                        int units = p.getInt("units");
                        List<Integer> sizes = p.getInt("layers") == 1 ? List.of(units) : List.of(units, Math.max(16, units / 2));
                        Estimator net = network(mlp(sizes, p.getDouble("dropout"), p.getDouble("lr")));
                        return shape.images() ? net : scaled(net);
                    },
                    p -> "MLP " + p.get("units") + (p.getInt("layers") == 2 ? "-" + Math.max(16, p.getInt("units") / 2) : "")
                            + " dropout " + p.get("dropout") + " lr " + p.get("lr"));
            case CNN -> new Search(new ParameterDistributions().add("filters", 8, 16, 32).add("dense", 32, 64, 128)
                    .add("dropout", 0.0, 0.25, 0.5).add("lr", 3e-4, 1e-3, 3e-3),
                    p -> network(cnn(p.getInt("filters"), p.getInt("dense"), p.getDouble("dropout"), p.getDouble("lr"))),
                    p -> "CNN " + p.get("filters") + "-" + 2 * p.getInt("filters") + " dense " + p.get("dense") + " dropout "
                            + p.get("dropout") + " lr " + p.get("lr"));
            case RNN -> new Search(new ParameterDistributions().add("cell", "LSTM", "GRU").add("units", 16, 32, 64)
                    .add("lr", 3e-4, 1e-3, 3e-3),
                    p -> scaled(network(recurrent(p.getString("cell"), p.getInt("units"), p.getDouble("lr")))),
                    p -> p.get("cell") + " " + p.get("units") + " lr " + p.get("lr"));
            // One choice of distinct heads (a regression's C, or the body frozen or its last layer unfrozen and a learning
            // rate), so the search draws no configuration twice.
            case PRETRAINED -> base == null ? null : new Search(new ParameterDistributions().add("head", "logistic C=0.01",
                    "logistic C=0.1", "logistic C=10.0", "frozen lr 3.0E-4", "unfrozen lr 0.001", "unfrozen lr 3.0E-4", "unfrozen lr 1.0E-4"),
                    p -> headKind(p).equals("logistic") ? pretrainedFeatures(headValue(p)) : fineTuned(headKind(p).equals("unfrozen"), headValue(p)),
                    p -> headKind(p).equals("logistic") ? featuresName(headValue(p)) : fineTunedName(headKind(p).equals("unfrozen"), headValue(p)));
            case DUMMY, ENSEMBLE, TEXT -> null;
        };
    }

    /** A pretrained head's kind: logistic, frozen or unfrozen. */
    private static String headKind(Params p) {
        String h = p.getString("head");
        return h.substring(0, h.indexOf(' '));
    }

    /** A pretrained head's number: the regression's C or the learning rate (the text after the last space or '='). */
    private static double headValue(Params p) {
        String h = p.getString("head");
        String last = h.substring(h.lastIndexOf(' ') + 1);
        return Double.parseDouble(last.substring(last.indexOf('=') + 1));
    }

    /** The name of the logistic regression on the pretrained features, C=1 the spot-check's. */
    static String featuresName(double c) {
        return FEATURES + (c == 1.0 ? "" : " C=" + c);
    }

    /** The leaderboard names of the logistic regressions on pretrained features start so. */
    static final String FEATURES = "pretrained features + logistic regression";

    private static String fineTunedName(boolean unfreeze, double lr) {
        return "fine-tuned network: " + (unfreeze ? "last layer unfrozen" : "body frozen") + ", new head lr " + lr;
    }

    private Estimator pretrainedFeatures(double c) {
        return new PretrainedFeatures(() -> base.body(seed), c);
    }

    /** The frozen body (its last layer with weights trainable when {@code unfreeze}) and a new Dense head, by Adam at {@code lr}. */
    private Estimator fineTuned(boolean unfreeze, double lr) {
        Fit fit = Fit.epochs(maxEpochs).batchSize(BATCH).validationSplit(0.1).seed(seed).silent()
                .callbacks(new EarlyStopping("val_loss", PATIENCE, true), new StopOnSignal(stop));
        return new NetworkClassifier(() -> {
            var m = base.fineTuned(shape.classes(), unfreeze, seed);
            m.output(QUIET);
            return m.compile(new Adam(lr), new SparseCategoricalCrossentropy(true));
        }, fit, device);
    }

    /**
     * For a table with text: C of the logistic regression, the MLP's size, the boosted trees'
     * learning rate and leaves, the text network's kind (conv, bigru, transformer) and width.
     */
    private Search textSearchSpace(Algorithm.Family family) {
        boolean cls = shape.classification();
        return switch (family) {
            case LINEAR -> cls ? new Search(new ParameterDistributions().add("C", 0.1, 0.3, 3.0, 10.0, 30.0, 100.0),
                    p -> tabular(new LogisticRegression(p.getDouble("C"))), p -> "TF-IDF + logistic regression C=" + p.get("C")) : null;
            case MLP -> new Search(new ParameterDistributions().add("units", 32, 64, 128).add("dropout", 0.0, 0.1, 0.3)
                    .add("lr", 3e-4, 1e-3, 3e-3),
                    p -> tabular(network(mlp(List.of(p.getInt("units")), p.getDouble("dropout"), p.getDouble("lr")), text.tabular().length)),
                    p -> "TF-IDF + MLP " + p.get("units") + " dropout " + p.get("dropout") + " lr " + p.get("lr"));
            case BOOSTING -> new Search(new ParameterDistributions().add("lr", 0.03, 0.1, 0.3).add("leaves", 7, 15, 31, 63),
                    p -> trees(boosted(p.getDouble("lr"), p.getInt("leaves"), 0, 0.0, 1.0, TREE_MIN_LEAF)),
                    p -> treesName(p.getDouble("lr"), p.getInt("leaves")));
            case TEXT -> new Search(new ParameterDistributions().add("kind", "conv", "bigru", "transformer").add("units", 32, 64, 128)
                    .add("lr", 3e-4, 1e-3, 3e-3),
                    p -> textNetwork(p.getString("kind"), p.getInt("units"), p.getDouble("lr")),
                    p -> textNetworkName(p.getString("kind"), p.getInt("units"), p.getDouble("lr")));
            default -> null;
        };
    }

    /** A random forest on the raw prepared columns; {@code depth} 0 for unlimited. */
    private Estimator forest(int trees, int depth, int minLeaf, MaxFeatures features) {
        if (shape.classification()) {
            var f = new RandomForestClassifier().trees(trees).minSamplesLeaf(minLeaf).maxFeatures(features).seed(seed);
            return depth > 0 ? f.maxDepth(depth) : f;
        }
        var f = new RandomForestRegressor().trees(trees).minSamplesLeaf(minLeaf).maxFeatures(features).seed(seed);
        return depth > 0 ? f.maxDepth(depth) : f;
    }

    private static MaxFeatures maxFeatures(String name) {
        return switch (name) {
            case "sqrt" -> MaxFeatures.sqrt();
            case "all" -> MaxFeatures.all();
            default -> MaxFeatures.fraction(Double.parseDouble(name));
        };
    }

    /**
     * Histogram boosting on the raw prepared columns: up to 300 iterations when the learning rate is
     * below 0.1 (smaller steps need more of them), early stopping on a tenth of the rows above 10,000
     * rows; {@code depth} 0 for unlimited.
     */
    private Estimator boosted(double lr, int leaves, int depth, double l2, double features) {
        return boosted(lr, leaves, depth, l2, features, 20);
    }

    /** {@link #boosted(double, int, int, double, double)} with leaves of at least {@code minLeaf} rows. */
    private Estimator boosted(double lr, int leaves, int depth, double l2, double features, int minLeaf) {
        int iterations = lr < 0.1 ? 300 : 100;
        if (shape.classification()) {
            var b = new HistGradientBoostingClassifier().learningRate(lr).maxIter(iterations).maxLeafNodes(leaves).l2Regularization(l2)
                    .maxFeatures(features).minSamplesLeaf(minLeaf).seed(seed);
            return depth > 0 ? b.maxDepth(depth) : b;
        }
        var b = new HistGradientBoostingRegressor().learningRate(lr).maxIter(iterations).maxLeafNodes(leaves).l2Regularization(l2)
                .maxFeatures(features).minSamplesLeaf(minLeaf).seed(seed);
        return depth > 0 ? b.maxDepth(depth) : b;
    }

    /** A family's search space, the estimator of one configuration, and the configuration's name. */
    record Search(ParameterDistributions space, Function<Params, Estimator> factory, Function<Params, String> name) {}

    private Estimator scaled(Estimator inner) {
        return new StandardizedEstimator(inner);
    }

    /**
     * A recipe for a built, compiled model: the layers before the output (new ones on every call:
     * layers hold their weights once built) and the learning rate.
     */
    private record Net(Supplier<List<Layer>> hidden, double learningRate) {}

    private Net mlp(List<Integer> units, double dropout, double lr) {
        return new Net(() -> {
            List<Layer> layers = new ArrayList<>();
            if (shape.images()) layers.add(new Flatten());
            for (int u : units) {
                layers.add(new Dense(u, "relu"));
                if (dropout > 0) layers.add(new Dropout(dropout));
            }
            return layers;
        }, lr);
    }

    /** A window of lags as a sequence {@code [lags, variables]} into one LSTM or GRU layer. */
    private Net recurrent(String cell, int units, double lr) {
        SeriesShape s = shape.series();
        return new Net(() -> List.of(new Reshape(s.lags(), s.variables()), cell.equals("GRU") ? new GRU(units) : new LSTM(units)), lr);
    }

    private Net linearImage(double lr) {
        return new Net(() -> List.of(new Flatten()), lr);
    }

    private Net cnn(int filters, int dense, double dropout, double lr) {
        return new Net(() -> {
            List<Layer> layers = new ArrayList<>(List.of(
                    new Conv2D(filters, 3, "relu"), new MaxPool2D(2),
                    new Conv2D(2 * filters, 3, "relu"), new MaxPool2D(2),
                    new Flatten(), new Dense(dense, "relu")));
            if (dropout > 0) layers.add(new Dropout(dropout));
            return layers;
        }, lr);
    }

    /**
     * A network estimator from a recipe: a class-logit output for classification; for regression one
     * unit rescaled to the target's mean and deviation, so the layers learn on a unit scale while the
     * model predicts in the target's units (and is saved as such).
     */
    private Estimator network(Net net) {
        return network(net, -1);
    }

    /** {@link #network(Net)} on {@code width} feature columns ({@code -1}: the shape's). */
    private Estimator network(Net net, int width) {
        Fit fit = Fit.epochs(maxEpochs).batchSize(BATCH).validationSplit(0.1).seed(seed).silent()
                .callbacks(new EarlyStopping("val_loss", PATIENCE, true), new StopOnSignal(stop));
        int[] input = shape.images() ? shape.image() : new int[] {width >= 0 ? width : shape.features()};
        if (shape.classification()) {
            return new NetworkClassifier(() -> {
                Sequential m = new Sequential();
                for (Layer l : net.hidden().get()) m.add(l);
                m.add(new Dense(shape.classes()));
                m.output(QUIET);
                return m.seed(seed).build(input).compile(new Adam(net.learningRate()), new SparseCategoricalCrossentropy(true));
            }, fit, device);
        }
        return new NetworkRegressor(() -> {
            Sequential m = new Sequential();
            for (Layer l : net.hidden().get()) m.add(l);
            m.add(new Dense(1));
            m.add(new Rescaling(shape.targetStd(), shape.targetMean()));
            m.output(QUIET);
            return m.seed(seed).build(input).compile(new Adam(net.learningRate()), new MeanSquaredError());
        }, fit, device);
    }
}
