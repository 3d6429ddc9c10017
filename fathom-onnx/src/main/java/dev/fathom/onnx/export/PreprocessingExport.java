package dev.fathom.onnx.export;

import dev.fathom.data.ColumnType;
import dev.fathom.data.preprocessing.HandleUnknown;
import dev.fathom.data.preprocessing.MinMaxScaler;
import dev.fathom.data.preprocessing.OneHotEncoder;
import dev.fathom.data.preprocessing.OrdinalEncoder;
import dev.fathom.data.preprocessing.PixelScaler;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.SimpleImputer;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.data.preprocessing.Transformer;
import dev.fathom.pipeline.InputColumn;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.fathom.onnx.export.OnnxGraph.attrs;

/**
 * A fitted {@link Preprocessor} as ONNX and ONNX-ML operators, from the raw input columns to the
 * float32 features {@code [N, features]} the estimator takes, in the preprocessor's feature order.
 *
 * <p>Inputs, as skl2onnx lays them out: when every column the pipeline reads is numeric (numbers,
 * booleans as 0/1, dates as days since 1970-01-01), one float32 input {@code input [N, columns]} in
 * the schema's column order; otherwise one input per column, named as the column, {@code [N, 1]}:
 * strings for categorical columns, float32 for the others. A missing number is NaN; a missing
 * category is the empty string.
 *
 * <p>Steps: SimpleImputer → ai.onnx.ml Imputer on numbers (NaN replaced); on categories the fill
 * joins the encoder's lookup (the empty string maps to the fill's code). StandardScaler →
 * ai.onnx.ml Scaler; MinMaxScaler and PixelScaler → Mul/Add (and Clip). OneHotEncoder →
 * ai.onnx.ml LabelEncoder (category → code) and OneHotEncoder (code → one-hot, {@code zeros=1} for
 * {@code HandleUnknown.IGNORE}; with {@code ERROR} ONNX Runtime fails on an unseen category, as
 * Fathom does). OrdinalEncoder → LabelEncoder to float codes (an unseen category gets the
 * encoder's {@code unknownValue}, or NaN where Fathom would refuse it). Columns no group lists are
 * dropped (they are not inputs); passed-through columns are appended.
 */
final class PreprocessingExport {
    /** One column of a group on its way through the steps. */
    private static final class Col {
        final String name;
        final ColumnType type;
        /** A float32 {@code [N, width]} block holding this column at {@code index}, or a string {@code [N, 1]} value. */
        final String block;
        final int index;
        final int width;
        /** For a categorical column: the category a SimpleImputer fills missing values with, or null. */
        final String fill;

        Col(String name, ColumnType type, String block, int index, int width, String fill) {
            this.name = name;
            this.type = type;
            this.block = block;
            this.index = index;
            this.width = width;
            this.fill = fill;
        }

        boolean text() {
            return type == ColumnType.CATEGORICAL;
        }
    }

    private final OnnxGraph g;
    private final Map<String, Col> inputs = new LinkedHashMap<>();
    private final List<Value> declared = new ArrayList<>();

    private PreprocessingExport(OnnxGraph g) {
        this.g = g;
    }

    /** The graph inputs declared for the pipeline's columns. */
    record Result(List<Value> inputs, Value features) {}

    static Result write(OnnxGraph g, List<InputColumn> schema, Preprocessor p) {
        PreprocessingExport e = new PreprocessingExport(g);
        g.scope("preprocessing");
        e.declareInputs(schema);
        Value features = e.transform(p);
        g.scope(null);
        return new Result(e.declared, features);
    }

    /** Whether every column is read as a number (one float32 input then). */
    static boolean allNumeric(List<InputColumn> schema) {
        return schema.stream().noneMatch(c -> c.type() == ColumnType.CATEGORICAL);
    }

    private void declareInputs(List<InputColumn> schema) {
        if (allNumeric(schema)) {
            String name = g.reserve("input");
            int[] shape = {schema.size()};
            g.input(name, Value.FLOAT, shape, "the columns " + schema.stream().map(InputColumn::name).toList()
                    + " in this order; NaN for a missing value");
            declared.add(Value.floats(name, shape));
            for (int i = 0; i < schema.size(); i++) {
                InputColumn c = schema.get(i);
                inputs.put(c.name(), new Col(c.name(), c.type(), name, i, schema.size(), null));
            }
            return;
        }
        for (InputColumn c : schema) {
            String name = g.reserve(c.name());
            boolean text = c.type() == ColumnType.CATEGORICAL;
            int type = text ? Value.STRING : Value.FLOAT;
            g.input(name, type, new int[] {1}, text ? "categories; the empty string for a missing value" : c.type().label()
                    + "; NaN for a missing value");
            declared.add(new Value(name, new int[] {1}, type));
            inputs.put(c.name(), new Col(c.name(), c.type(), name, 0, 1, null));
        }
    }

    private Value transform(Preprocessor p) {
        Map<String, Object> config = p.config();
        List<Col> out = new ArrayList<>();
        List<?> groups = (List<?>) config.get("groups");
        for (Object o : groups) {
            Map<?, ?> group = (Map<?, ?>) o;
            String name = (String) group.get("name");
            List<Col> cols = new ArrayList<>();
            for (Object c : (List<?>) group.get("columns")) cols.add(inputs.get((String) c));
            for (Transformer step : p.steps(name)) cols = apply(step, cols, name);
            out.addAll(cols);
        }
        if (config.get("fitted") instanceof Map<?, ?> fitted && fitted.get("passthrough") instanceof List<?> pass) {
            for (Object c : pass) out.add(inputs.get((String) c));
        }
        for (Col c : out) {
            if (c.text()) {
                throw new IllegalArgumentException("column '" + c.name + "' reaches the estimator as categories; its group needs"
                        + " an encoder (OneHotEncoder or OrdinalEncoder), as Preprocessor.transformToTensor requires");
            }
        }
        return Value.floats(concat(out), new int[] {out.size()});
    }

    // ---- steps -----------------------------------------------------------------------------------

    private List<Col> apply(Transformer step, List<Col> cols, String group) {
        List<String> names = step.columns();
        List<Col> mine = new ArrayList<>();
        for (String n : names) mine.add(find(cols, n, step, group));
        List<List<Col>> replaced = switch (step) {
            case SimpleImputer s -> impute(s, mine);
            case StandardScaler s -> numeric(mine, step, group, b -> standardize(s, b));
            case MinMaxScaler s -> numeric(mine, step, group, b -> minMax(s, b));
            case PixelScaler s -> numeric(mine, step, group, b -> g.op("Div", b, g.scalar(s.maxValue())));
            case OneHotEncoder s -> encode(mine, s.categories(), s.handleUnknown() == HandleUnknown.IGNORE, -1, true);
            case OrdinalEncoder s -> encode(mine, s.categories(), false,
                    s.config().get("handleUnknown").equals("use_encoded_value") ? s.unknownValue() : Double.NaN, false);
            // Steps of other modules (fathom-text's TF-IDF and token ids) have no ONNX-ML form written yet.
            default -> throw new IllegalArgumentException("cannot export the pipeline to ONNX: its step " + step.getClass().getSimpleName()
                    + " on " + names + " (group '" + group + "') has no ONNX form; export the network alone with Onnx.save(Model, Path)");
        };
        // In place, as Transformer.transform puts each column's outputs where the column was.
        List<Col> result = new ArrayList<>();
        for (Col c : cols) {
            int k = mine.indexOf(c);
            if (k < 0) result.add(c);
            else result.addAll(replaced.get(k));
        }
        return result;
    }

    private static Col find(List<Col> cols, String name, Transformer step, String group) {
        for (Col c : cols) if (c.name.equals(name)) return c;
        throw new IllegalArgumentException(step.type() + " of group '" + group + "' reads column '" + name + "', which the steps"
                + " before it do not produce; the preprocessor was edited");
    }

    private List<List<Col>> impute(SimpleImputer s, List<Col> cols) {
        List<Object> fills = s.statistics();
        List<Col> numbers = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            if (!cols.get(i).text()) {
                numbers.add(cols.get(i));
                values.add(((Number) fills.get(i)).floatValue());
            }
        }
        List<List<Col>> out = new ArrayList<>();
        String block = null;
        if (!numbers.isEmpty()) {
            float[] v = new float[values.size()];
            for (int i = 0; i < v.length; i++) v[i] = values.get(i);
            block = g.ml("Imputer", block(numbers), attrs("imputed_value_floats", v, "replaced_value_float", Float.NaN));
        }
        int k = 0;
        for (int i = 0; i < cols.size(); i++) {
            Col c = cols.get(i);
            if (c.text()) {
                out.add(List.of(new Col(c.name, c.type, c.block, c.index, c.width, c.fill != null ? c.fill : (String) fills.get(i))));
            } else {
                out.add(List.of(new Col(c.name, ColumnType.NUMERIC, block, k++, numbers.size(), null)));
            }
        }
        return out;
    }

    private List<List<Col>> numeric(List<Col> cols, Transformer step, String group, java.util.function.UnaryOperator<String> op) {
        for (Col c : cols) {
            if (c.text()) {
                throw new IllegalArgumentException(step.type() + " of group '" + group + "' gets the categorical column '" + c.name
                        + "'; it works on numbers (Fathom refuses this too)");
            }
        }
        String block = op.apply(block(cols));
        List<List<Col>> out = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) out.add(List.of(new Col(cols.get(i).name, ColumnType.NUMERIC, block, i, cols.size(), null)));
        return out;
    }

    private String standardize(StandardScaler s, String block) {
        boolean withMean = (Boolean) s.config().get("withMean");
        boolean withStd = (Boolean) s.config().get("withStd");
        double[] mean = s.mean();
        double[] scale = s.scale();
        float[] offset = new float[mean.length];
        float[] factor = new float[mean.length];
        for (int i = 0; i < mean.length; i++) {
            offset[i] = withMean ? (float) mean[i] : 0f;
            factor[i] = withStd ? (float) (1 / scale[i]) : 1f;
        }
        return g.ml("Scaler", block, attrs("offset", offset, "scale", factor));
    }

    private String minMax(MinMaxScaler s, String block) {
        double[] scale = s.scale();
        double[] min = s.min();
        String y = g.op("Add", g.op("Mul", block, g.floats("scale", scale, 1, scale.length)), g.floats("min", min, 1, min.length));
        List<?> range = (List<?>) s.config().get("featureRange");
        if ((Boolean) s.config().get("clip")) {
            y = g.op("Clip", y, g.floats("lo", new float[] {((Number) range.get(0)).floatValue()}, new long[0]),
                    g.floats("hi", new float[] {((Number) range.get(1)).floatValue()}, new long[0]));
        }
        return y;
    }

    /**
     * Categories to codes (LabelEncoder), then, for one-hot, codes to columns (OneHotEncoder). A
     * category not known (and a missing value without an imputed fill) gets code -1.
     */
    private List<List<Col>> encode(List<Col> cols, List<List<String>> categories, boolean ignoreUnknown, double unknownCode,
                                   boolean oneHot) {
        List<List<Col>> out = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            Col c = cols.get(i);
            List<String> cats = categories.get(i);
            Map<String, Object> a = new LinkedHashMap<>();
            int entries = cats.size() + (c.text() && c.fill != null && cats.contains(c.fill) ? 1 : 0);
            long[] codes = new long[entries];
            float[] floatCodes = new float[entries];
            for (int k = 0; k < cats.size(); k++) {
                codes[k] = k;
                floatCodes[k] = k;
            }
            if (entries > cats.size()) {
                codes[cats.size()] = cats.indexOf(c.fill);
                floatCodes[cats.size()] = cats.indexOf(c.fill);
            }
            if (c.text()) {
                String[] keys = new String[entries];
                for (int k = 0; k < cats.size(); k++) keys[k] = cats.get(k);
                if (entries > cats.size()) keys[cats.size()] = "";
                a.put("keys_strings", keys);
            } else {
                float[] keys = new float[entries];
                for (int k = 0; k < cats.size(); k++) keys[k] = number(c, cats.get(k));
                a.put("keys_floats", keys);
            }
            String value = column(c);
            if (oneHot) {
                a.put("values_int64s", codes);
                a.put("default_int64", -1L);
                String code = g.ml("LabelEncoder", value, a);
                long[] all = new long[cats.size()];
                for (int k = 0; k < all.length; k++) all[k] = k;
                String hot = g.ml("OneHotEncoder", code, attrs("cats_int64s", all, "zeros", ignoreUnknown ? 1 : 0));   // [N, 1, k]
                String block = g.op("Reshape", hot, g.longs(-1, cats.size()));
                List<Col> outs = new ArrayList<>();
                for (int k = 0; k < cats.size(); k++) {
                    outs.add(new Col(c.name + "=" + cats.get(k), ColumnType.NUMERIC, block, k, cats.size(), null));
                }
                out.add(outs);
            } else {
                a.put("values_floats", floatCodes);
                a.put("default_float", (float) unknownCode);
                String code = g.ml("LabelEncoder", value, a);
                out.add(List.of(new Col(c.name, ColumnType.NUMERIC, code, 0, 1, null)));
            }
        }
        return out;
    }

    /** A category of a numeric column as the number the column holds (booleans 0/1, dates as epoch days). */
    private static float number(Col c, String category) {
        return switch (c.type) {
            case BOOLEAN -> Boolean.parseBoolean(category) ? 1f : 0f;
            case DATE -> LocalDate.parse(category).toEpochDay();
            default -> {
                try {
                    yield (float) Double.parseDouble(category);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("column '" + c.name + "' is numeric but its encoder lists the category '"
                            + category + "', which is not a number; the preprocessor was edited");
                }
            }
        };
    }

    // ---- blocks ----------------------------------------------------------------------------------

    /** One column as {@code [N, 1]}: itself, or picked from its block. */
    private String column(Col c) {
        if (c.width == 1) return c.block;
        return g.op("Gather", List.of(c.block, g.longs(c.index)), attrs("axis", 1));
    }

    /** Numeric columns side by side as {@code [N, columns]}: a block as it is, or picked and joined. */
    private String block(List<Col> cols) {
        Col first = cols.getFirst();
        boolean whole = first.width == cols.size();
        for (int i = 0; i < cols.size() && whole; i++) whole = cols.get(i).block.equals(first.block) && cols.get(i).index == i;
        if (whole) return first.block;
        boolean sameBlock = cols.stream().allMatch(c -> c.block.equals(first.block));
        if (sameBlock) {
            long[] idx = cols.stream().mapToLong(c -> c.index).toArray();
            return g.op("Gather", List.of(first.block, g.longs(idx)), attrs("axis", 1));
        }
        return concat(cols);
    }

    /** The columns side by side, each run of a block's consecutive columns taken at once. */
    private String concat(List<Col> cols) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < cols.size()) {
            Col start = cols.get(i);
            int j = i + 1;
            while (j < cols.size() && cols.get(j).block.equals(start.block) && cols.get(j).index == start.index + (j - i)) j++;
            int n = j - i;
            if (n == start.width) parts.add(start.block);
            else if (n == 1) parts.add(column(start));
            else parts.add(g.op("Slice", start.block, g.longs(start.index), g.longs(start.index + n), g.longs(1)));
            i = j;
        }
        return parts.size() == 1 ? parts.getFirst() : g.op("Concat", parts, attrs("axis", 1));
    }
}
