package dev.fathom.workflow;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.ColumnType;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.HandleUnknown;
import dev.fathom.data.preprocessing.OneHotEncoder;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.SimpleImputer;
import dev.fathom.data.preprocessing.SimpleImputer.Strategy;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.text.TextFeatures;
import dev.fathom.text.TextSequences;
import dev.fathom.text.TextVectorization;
import dev.fathom.text.TfidfVectorizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Step 2, prepare the data: the preprocessing of each column, chosen from its type and values, with
 * the reason. Numbers, booleans (0/1) and dates (days since 1970) get median imputation; text gets
 * most-frequent imputation and one-hot encoding that ignores categories unseen in training. Scaling
 * is left to the models ({@code StandardizedEstimator}), so that inside cross-validation each fold
 * learns its own means and deviations. The preprocessor is fitted on the training split only.
 *
 * <p>A column of free text ({@link DefineStep#text}) becomes both its TF-IDF features (1- and
 * 2-grams in at least {@value #TEXT_MIN_DF} texts, at most {@value #TEXT_MAX_TERMS}, scikit-learn's
 * defaults otherwise) for the linear model, and its first token ids (as many as 95% of the training
 * texts have words, between {@value #TEXT_MIN_SEQUENCE} and {@value #TEXT_MAX_SEQUENCE}; a vocabulary
 * of at most {@value #TEXT_VOCABULARY} words) for the text network. The linear model then
 * reads the TF-IDF columns as they are, so the numeric columns of such a table are standardized here,
 * on the training split.
 */
final class PrepareStep {
    /** More levels than this (or than a tenth of the rows) make one-hot encoding too wide: the column is dropped. */
    static final int MAX_LEVELS = 50;
    static final int TEXT_MIN_DF = 2;
    static final int TEXT_MAX_TERMS = 5000;
    static final int TEXT_MIN_SEQUENCE = 8;
    static final int TEXT_MAX_SEQUENCE = 200;
    static final int TEXT_VOCABULARY = 10_000;
    /** The name of the preprocessor's group of text columns. */
    static final String TEXT_GROUP = "text";

    /** The plan of every column, the (unfitted) preprocessor that carries it out, and the text columns in it. */
    record Preparation(List<ColumnPlan> plans, Preprocessor preprocessor, List<String> text) {
        Preparation(List<ColumnPlan> plans, Preprocessor preprocessor) {
            this(plans, preprocessor, List.of());
        }
    }

    private PrepareStep() {}

    static Preparation run(Table train, String target, Map<String, String> dropped) {
        return run(train, target, dropped, Map.of());
    }

    /** As {@link #run(Table, String, Map)}, with {@code text}: the columns of free text and why. */
    static Preparation run(Table train, String target, Map<String, String> dropped, Map<String, String> text) {
        List<ColumnPlan> plans = new ArrayList<>();
        List<String> numeric = new ArrayList<>();
        List<String> categorical = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Column c : train.columns()) {
            if (c.name().equals(target)) continue;
            String why = dropped.get(c.name());
            if (why != null) {
                plans.add(new ColumnPlan(c.name(), c.type(), false, "dropped", why));
                continue;
            }
            int missing = c.missingCount();
            if (text.containsKey(c.name())) {
                texts.add(c.name());
                plans.add(new ColumnPlan(c.name(), c.type(), true, "text: TF-IDF of 1- and 2-grams (in at least " + TEXT_MIN_DF
                        + " texts, at most " + TEXT_MAX_TERMS + "), and the first " + sequenceLength(train, List.of(c.name()))
                                + " token ids for the text network",
                        text.get(c.name()) + "; TF-IDF weighs each word and word pair by how rare it is across texts, for the linear"
                                + " model; the token ids keep the word order for the network; a missing text is an empty one"));
                continue;
            }
            String missingText = missing == 0 ? "no missing values in training, and new data may have some"
                    : missing + " missing values in the training split";
            switch (c.type()) {
                case NUMERIC, BOOLEAN, DATE -> {
                    numeric.add(c.name());
                    String as = c.type() == ColumnType.BOOLEAN ? "as 0/1, " : c.type() == ColumnType.DATE ? "as days since 1970-01-01, " : "";
                    if (text.isEmpty()) {
                        plans.add(new ColumnPlan(c.name(), c.type(), true, as + "median imputation, standardized inside each model that needs it (not the tree models)",
                                missingText + "; the median is not pulled by outliers; standardizing (learnt per fold) puts every"
                                        + " column on one scale, which k-NN distances and gradient descent need"));
                    } else {
                        plans.add(new ColumnPlan(c.name(), c.type(), true, as + "median imputation, standardized on the training split",
                                missingText + "; the median is not pulled by outliers; the linear model reads the TF-IDF columns as"
                                        + " they are, so this column is put on a unit scale beside them before the models see it"));
                    }
                }
                case CATEGORICAL -> {
                    int levels = ((CategoricalColumn) c).levels().size();
                    int limit = Math.max(2, Math.min(MAX_LEVELS, train.rowCount() / 10));
                    if (levels > limit) {
                        plans.add(new ColumnPlan(c.name(), c.type(), false, "dropped", levels + " categories for " + train.rowCount()
                                + " training rows (more than " + limit + "): one-hot encoding would add a sparse column per category,"
                                + " most seen a few times only"));
                        continue;
                    }
                    categorical.add(c.name());
                    plans.add(new ColumnPlan(c.name(), c.type(), true, "most-frequent imputation, one-hot encoding (" + levels
                            + " categories; unseen ones ignored)", missingText + "; models need numbers, and one column per"
                            + " category implies no false order between them"));
                }
            }
        }
        if (numeric.isEmpty() && categorical.isEmpty() && texts.isEmpty()) {
            throw new IllegalArgumentException("no usable feature column is left after preparation: " + plans);
        }
        Preprocessor.Builder b = Preprocessor.builder();
        if (!numeric.isEmpty()) {
            if (texts.isEmpty()) b.numeric(numeric, new SimpleImputer(Strategy.MEDIAN));
            else b.numeric(numeric, new SimpleImputer(Strategy.MEDIAN), new StandardScaler());
        }
        if (!categorical.isEmpty()) {
            b.categorical(categorical, new SimpleImputer(Strategy.MOST_FREQUENT), new OneHotEncoder(HandleUnknown.IGNORE));
        }
        if (!texts.isEmpty()) {
            int length = sequenceLength(train, texts);
            b.columns(TEXT_GROUP, texts, new TextFeatures(
                    new TfidfVectorizer().ngramRange(1, 2).minDf(Math.min(TEXT_MIN_DF, Math.max(1, train.rowCount() / 10))).maxFeatures(TEXT_MAX_TERMS),
                    new TextSequences(new TextVectorization().maxTokens(TEXT_VOCABULARY).outputSequenceLength(length))));
        }
        return new Preparation(List.copyOf(plans), b.build(), List.copyOf(texts));
    }

    /**
     * The token ids the network reads per text: as many words as 95% of the training texts of
     * {@code texts} have at most, within {@value #TEXT_MIN_SEQUENCE}..{@value #TEXT_MAX_SEQUENCE}.
     */
    static int sequenceLength(Table train, List<String> texts) {
        List<Integer> words = new ArrayList<>();
        for (String name : texts) {
            Column c = train.column(name);
            for (int r = 0; r < c.size(); r++) if (!c.isMissing(r)) words.add(c.text(r).trim().split("\\s+").length);
        }
        if (words.isEmpty()) return TEXT_MIN_SEQUENCE;
        words.sort(null);
        int p95 = words.get(Math.min(words.size() - 1, (int) Math.ceil(0.95 * words.size()) - 1));
        return Math.clamp(p95, TEXT_MIN_SEQUENCE, TEXT_MAX_SEQUENCE);
    }
}
