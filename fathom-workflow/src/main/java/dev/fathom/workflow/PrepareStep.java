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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Step 2, prepare the data: the preprocessing of each column, chosen from its type and values, with
 * the reason. Numbers, booleans (0/1) and dates (days since 1970) get median imputation; text gets
 * most-frequent imputation and one-hot encoding that ignores categories unseen in training. Scaling
 * is left to the models ({@code StandardizedEstimator}), so that inside cross-validation each fold
 * learns its own means and deviations. The preprocessor is fitted on the training split only.
 */
final class PrepareStep {
    /** More levels than this (or than a tenth of the rows) make one-hot encoding too wide: the column is dropped. */
    static final int MAX_LEVELS = 50;

    /** The plan of every column and the (unfitted) preprocessor that carries it out. */
    record Preparation(List<ColumnPlan> plans, Preprocessor preprocessor) {}

    private PrepareStep() {}

    static Preparation run(Table train, String target, Map<String, String> dropped) {
        List<ColumnPlan> plans = new ArrayList<>();
        List<String> numeric = new ArrayList<>();
        List<String> categorical = new ArrayList<>();
        for (Column c : train.columns()) {
            if (c.name().equals(target)) continue;
            String why = dropped.get(c.name());
            if (why != null) {
                plans.add(new ColumnPlan(c.name(), c.type(), false, "dropped", why));
                continue;
            }
            int missing = c.missingCount();
            String missingText = missing == 0 ? "no missing values in training, and new data may have some"
                    : missing + " missing values in the training split";
            switch (c.type()) {
                case NUMERIC, BOOLEAN, DATE -> {
                    numeric.add(c.name());
                    String as = c.type() == ColumnType.BOOLEAN ? "as 0/1, " : c.type() == ColumnType.DATE ? "as days since 1970-01-01, " : "";
                    plans.add(new ColumnPlan(c.name(), c.type(), true, as + "median imputation, standardized inside each model that needs it (not the tree models)",
                            missingText + "; the median is not pulled by outliers; standardizing (learnt per fold) puts every"
                                    + " column on one scale, which k-NN distances and gradient descent need"));
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
        if (numeric.isEmpty() && categorical.isEmpty()) {
            throw new IllegalArgumentException("no usable feature column is left after preparation: " + plans);
        }
        Preprocessor.Builder b = Preprocessor.builder();
        if (!numeric.isEmpty()) b.numeric(numeric, new SimpleImputer(Strategy.MEDIAN));
        if (!categorical.isEmpty()) {
            b.categorical(categorical, new SimpleImputer(Strategy.MOST_FREQUENT), new OneHotEncoder(HandleUnknown.IGNORE));
        }
        return new Preparation(List.copyOf(plans), b.build());
    }
}
