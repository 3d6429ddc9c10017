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
import dev.fathom.layers.GlobalMaxPooling1D;
import dev.fathom.layers.LSTM;
import dev.fathom.layers.Layer;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.layers.Rescaling;
import dev.fathom.layers.Reshape;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.EarlyStopping;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
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
 * dummy, a linear model, k-NN and two MLP sizes; for images a dummy, logistic regression on the
 * pixels, an MLP and a small CNN. Every model but the dummy on a table sits behind a
 * {@link StandardizedEstimator}, so each fold scales with its own statistics. Networks stop early
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
     * token ids), those of the TF-IDF terms alone, and one text column's token-id columns with its
     * vocabulary size, for the text network.
     */
    record TextShape(String column, int[] tabular, int[] terms, int[] sequence, int vocabulary) {}

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
    }

    /** {@code of}'s models and search spaces with the networks trained on {@code device}. */
    private Algorithms(Algorithms of, Device device) {
        this.shape = of.shape;
        this.seed = of.seed;
        this.maxEpochs = of.maxEpochs;
        this.stop = of.stop;
        this.text = of.text;
        this.only = of.only;
        this.device = device;
    }

    /** These algorithms with the networks (MLPs, CNNs, recurrent and text networks) trained on {@code device}. */
    Algorithms onDevice(Device device) {
        return new Algorithms(this, device);
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
     * columns, standardized by the preparation), an MLP on the same columns, and a network that
     * reads the token ids in order. k-NN is left out: distances over thousands of sparse TF-IDF
     * columns say little and cost much.
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
        list.add(new Algorithm("embedding 64 + Conv1D 64 lr 0.001", Algorithm.Family.TEXT, "reads '" + text.column() + "' word by word:"
                + " the convolution finds phrases of up to 5 words wherever they are", () -> textNetwork("conv", 64, 1e-3)));
        return list;
    }

    /** An estimator on the table's columns except the token ids. */
    private Estimator tabular(Estimator inner) {
        return new ColumnSubsetEstimator(text.tabular(), inner);
    }

    /** A network on the token ids of the text column: an embedding, then a convolution or a bidirectional GRU. */
    private Estimator textNetwork(String kind, int units, double lr) {
        Net net = new Net(() -> {
            List<Layer> layers = new ArrayList<>();
            if (kind.equals("conv")) {
                layers.add(new Embedding(text.vocabulary(), units));
                layers.add(new Conv1D(units, 5, "relu"));
                layers.add(new GlobalMaxPooling1D());
            } else {
                layers.add(new Embedding(text.vocabulary(), units).maskZero(true));
                layers.add(new Bidirectional(new GRU(units / 2)));
            }
            layers.add(new Dropout(0.3));
            return layers;
        }, lr);
        return new ColumnSubsetEstimator(text.sequence(), network(net, text.sequence().length));
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
            case DUMMY, ENSEMBLE, TEXT -> null;
        };
    }

    /** For a table with text: C of the logistic regression, the MLP's size, the text network's kind and width. */
    private Search textSearchSpace(Algorithm.Family family) {
        boolean cls = shape.classification();
        return switch (family) {
            case LINEAR -> cls ? new Search(new ParameterDistributions().add("C", 0.1, 0.3, 3.0, 10.0, 30.0, 100.0),
                    p -> tabular(new LogisticRegression(p.getDouble("C"))), p -> "TF-IDF + logistic regression C=" + p.get("C")) : null;
            case MLP -> new Search(new ParameterDistributions().add("units", 32, 64, 128).add("dropout", 0.0, 0.1, 0.3)
                    .add("lr", 3e-4, 1e-3, 3e-3),
                    p -> tabular(network(mlp(List.of(p.getInt("units")), p.getDouble("dropout"), p.getDouble("lr")), text.tabular().length)),
                    p -> "TF-IDF + MLP " + p.get("units") + " dropout " + p.get("dropout") + " lr " + p.get("lr"));
            case TEXT -> new Search(new ParameterDistributions().add("kind", "conv", "bigru").add("units", 32, 64, 128)
                    .add("lr", 3e-4, 1e-3, 3e-3),
                    p -> textNetwork(p.getString("kind"), p.getInt("units"), p.getDouble("lr")),
                    p -> "embedding " + p.get("units") + (p.getString("kind").equals("conv") ? " + Conv1D " + p.get("units")
                            : " + bidirectional GRU " + p.getInt("units") / 2) + " lr " + p.get("lr"));
            default -> null;
        };
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
