package dev.fathom.data.preprocessing;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.SimpleImputer.Strategy;
import dev.fathom.saving.Json;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreprocessorTest {
    private static final double NA = Double.NaN;
    static final Table TRAIN = Table.of(
            NumericColumn.of("age", 22, 38, NA, 35, 54),
            NumericColumn.of("fare", 7.25, 71.3, 7.9, 53.1, 51.9),
            CategoricalColumn.of("sex", "male", "female", "female", "female", "male"),
            CategoricalColumn.of("embarked", "S", "C", "S", null, "S"),
            NumericColumn.of("id", 1, 2, 3, 4, 5));
    static final Table TEST = Table.of(
            NumericColumn.of("id", 6, 7),
            CategoricalColumn.of("embarked", "Q", "C"),
            CategoricalColumn.of("sex", "male", "female"),
            NumericColumn.of("fare", 8.05, NA),
            NumericColumn.of("age", NA, 30));

    static Preprocessor titanic() {
        return Preprocessor.builder()
                .numeric(List.of("age", "fare"), new SimpleImputer(Strategy.MEDIAN), new StandardScaler())
                .categorical(List.of("sex", "embarked"), new SimpleImputer(Strategy.MOST_FREQUENT), new OneHotEncoder(HandleUnknown.IGNORE))
                .build();
    }

    @Test
    void fitsOnTrainingDataOnlyAndAppliesItToOtherTables() {
        Preprocessor p = titanic().fit(TRAIN);
        assertEquals(List.of("age", "fare", "sex=female", "sex=male", "embarked=C", "embarked=S"), p.featureNames());
        StandardScaler scaler = (StandardScaler) p.steps("numeric").get(1);
        double median = 36.5;   // of 22, 38, 35, 54: the training age's missing value was filled before scaling
        assertEquals((22 + 38 + median + 35 + 54) / 5, scaler.mean()[0], 1e-12);

        Table test = p.transform(TEST);   // columns in another order, an unseen port, missing numbers
        assertEquals(p.featureNames(), test.columnNames());
        assertEquals((median - scaler.mean()[0]) / scaler.scale()[0], test.numeric("age").get(0), 1e-12, "the training median");
        assertArrayEquals(new double[] {0, 1}, test.numeric("embarked=C").values(), 0);
        assertArrayEquals(new double[] {0, 0}, test.numeric("embarked=S").values(), 0, "unseen 'Q' is all zeros");

        Tensor x = p.transformToTensor(TEST);
        assertArrayEquals(new int[] {2, 6}, x.shape());
        assertEquals((float) test.numeric("fare").get(1), x.toFloatArray()[7]);
    }

    @Test
    void fitTransformEqualsFitThenTransformAndRefitForgets() {
        Preprocessor p = titanic();
        Table once = p.fitTransform(TRAIN);
        assertEquals(once.toString(), p.transform(TRAIN).toString());
        p.fit(TRAIN.first(2));
        assertEquals(List.of("age", "fare", "sex=female", "sex=male", "embarked=C", "embarked=S"), p.featureNames());
        assertEquals(30, ((StandardScaler) p.steps("numeric").get(1)).mean()[0], 1e-12, "refitting learns from the new table only");
    }

    @Test
    void remainderIsDroppedOrPassedThrough() {
        Preprocessor keep = Preprocessor.builder()
                .numeric(List.of("age"), new SimpleImputer(Strategy.MEAN))
                .remainder(Preprocessor.Remainder.PASSTHROUGH)
                .build()
                .fit(TRAIN.drop("sex", "embarked"));
        assertEquals(List.of("age", "fare", "id"), keep.featureNames());
        assertEquals(List.of("age", "fare", "id"), keep.transform(TEST).columnNames(), "the remainder of fit, in fit's order");
        var lacking = assertThrows(IllegalArgumentException.class, () -> keep.transform(TEST.drop("id")));
        assertTrue(lacking.getMessage().contains("no column 'id'") && lacking.getMessage().contains("passed through in fit"),
                lacking.getMessage());
        Preprocessor drop = Preprocessor.builder().columns("raw", List.of("fare")).build().fit(TRAIN);
        assertEquals(List.of("fare"), drop.featureNames(), "a group without steps passes its columns through");
    }

    @Test
    void transformBeforeFitIsMisuse() {
        Preprocessor p = titanic();
        var e = assertThrows(IllegalStateException.class, () -> p.transform(TRAIN));
        assertTrue(e.getMessage().contains("Preprocessor.transform") && e.getMessage().contains("not fitted")
                && e.getMessage().contains("fit(trainingTable)"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> p.transformToTensor(TRAIN));
        assertThrows(IllegalStateException.class, p::featureNames);
        assertFalse(p.isFitted());
    }

    @Test
    void aMissingColumnIsNamedWithTheClosestOne() {
        Preprocessor p = titanic().fit(TRAIN);
        Table renamed = TEST.drop("fare").with(NumericColumn.of("Fare", 1, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> p.transform(renamed));
        assertTrue(e.getMessage().contains("Preprocessor.transform: the table has no column 'fare' (did you mean 'Fare'?)")
                && e.getMessage().contains("group 'numeric' lists"), e.getMessage());
        var atFit = assertThrows(IllegalArgumentException.class, () -> titanic().fit(TRAIN.drop("embarked")));
        assertTrue(atFit.getMessage().contains("Preprocessor.fit: the table has no column 'embarked'"), atFit.getMessage());
    }

    @Test
    void aCategoricalColumnInTheNumericGroupSaysToEncodeIt() {
        Preprocessor p = Preprocessor.builder().numeric(List.of("age", "sex"), new StandardScaler()).build();
        var e = assertThrows(IllegalArgumentException.class, () -> p.fit(TRAIN));
        assertTrue(e.getMessage().contains("column 'sex' is categorical but is in the numeric group 'numeric'")
                && e.getMessage().contains("categorical(...)") && e.getMessage().contains("OneHotEncoder"), e.getMessage());
        Preprocessor noEncoder = Preprocessor.builder().categorical(List.of("sex")).build().fit(TRAIN);
        var tensor = assertThrows(IllegalArgumentException.class, () -> noEncoder.transformToTensor(TRAIN));
        assertTrue(tensor.getMessage().contains("column 'sex' is categorical") && tensor.getMessage().contains("encode it first"),
                tensor.getMessage());
    }

    @Test
    void theBuilderRefusesAmbiguousSetups() {
        var twice = assertThrows(IllegalArgumentException.class, () -> Preprocessor.builder()
                .numeric(List.of("age", "fare"), new StandardScaler()).categorical(List.of("fare"), new OneHotEncoder()).build());
        assertTrue(twice.getMessage().contains("column 'fare' is in group 'numeric' and in group 'categorical'"), twice.getMessage());
        StandardScaler shared = new StandardScaler();
        var reused = assertThrows(IllegalArgumentException.class, () -> Preprocessor.builder()
                .numeric(List.of("age"), shared).numeric(List.of("fare"), shared).build());
        assertTrue(reused.getMessage().contains("same StandardScaler instance is used in group 'numeric' and again in group 'numeric2'"),
                reused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Preprocessor.builder().numeric(List.of()).build());
        assertThrows(IllegalArgumentException.class, () -> Preprocessor.builder().build());
        var name = assertThrows(IllegalArgumentException.class, () -> titanic().steps("numerical"));
        assertTrue(name.getMessage().contains("did you mean 'numeric'?"), name.getMessage());
    }

    @Test
    void configRoundTripsThroughJsonWithIdenticalOutput() {
        Preprocessor p = titanic().fit(TRAIN);
        Map<String, Object> config = p.config();
        Preprocessor back = Preprocessor.fromConfig(Json.parse(Json.write(config), "preprocessing"));
        assertEquals(Json.write(config), Json.write(back.config()));
        assertEquals(p.featureNames(), back.featureNames());
        assertArrayEquals(p.transformToTensor(TEST).toFloatArray(), back.transformToTensor(TEST).toFloatArray(), 0f);

        Preprocessor unfitted = Preprocessor.fromConfig(Json.parse(Json.write(titanic().config()), "preprocessing"));
        assertFalse(unfitted.isFitted());
        assertEquals(p.featureNames(), unfitted.fit(TRAIN).featureNames());
    }

    @Test
    void damagedConfigsAreRefusedNamingWhere() {
        Map<String, Object> config = titanic().fit(TRAIN).config();
        Map<String, Object> newer = new LinkedHashMap<>(config);
        newer.put("version", 9);
        var v = assertThrows(IllegalArgumentException.class, () -> Preprocessor.fromConfig(newer));
        assertTrue(v.getMessage().contains("version 9") && v.getMessage().contains("newer Fathom"), v.getMessage());

        String json = Json.write(config).replace("\"StandardScaler\"", "\"StandardScalar\"");
        var type = assertThrows(IllegalArgumentException.class, () -> Preprocessor.fromConfig(Json.parse(json, "p")));
        assertTrue(type.getMessage().contains("group 'numeric', step 1") && type.getMessage().contains("'StandardScalar'")
                && type.getMessage().contains("did you mean 'StandardScaler'?"), type.getMessage());

        String extra = Json.write(config).replace("\"withMean\"", "\"with_mean\"");
        var key = assertThrows(IllegalArgumentException.class, () -> Preprocessor.fromConfig(Json.parse(extra, "p")));
        assertTrue(key.getMessage().contains("unexpected key [with_mean]"), key.getMessage());

        var label = assertThrows(IllegalArgumentException.class,
                () -> Preprocessor.fromConfig(new LabelEncoder().fit(TRAIN.column("sex")).config()));
        assertTrue(label.getMessage().contains("not \"Preprocessor\""), label.getMessage());
    }

    @Test
    void everyStepRoundTripsThroughItsConfig() {
        Table t = Table.of(NumericColumn.of("x", 1, NA, 4, 9), CategoricalColumn.of("c", "b", "a", null, "b"),
                NumericColumn.of("p", 0, 255, 17, 3));
        Map<Transformer, String> steps = new LinkedHashMap<>();   // each step and the column it is fitted on
        steps.put(new StandardScaler(false, true), "x");
        steps.put(new MinMaxScaler(-2, 2, true), "x");
        steps.put(new PixelScaler(255), "p");
        steps.put(new SimpleImputer(Strategy.MEDIAN), "x");
        steps.put(SimpleImputer.constant("none"), "c");
        steps.put(new OneHotEncoder(HandleUnknown.IGNORE), "c");
        steps.put(new OrdinalEncoder(HandleUnknown.USE_ENCODED_VALUE, -1), "c");
        for (var e : steps.entrySet()) {
            Transformer s = e.getKey();
            Table in = t.select(e.getValue());
            s.fit(in);
            Transformer back = Transformer.fromConfig(s.type(), Json.parse(Json.write(s.config()), s.type()));
            assertEquals(s.getClass(), back.getClass());
            assertEquals(Json.write(s.config()), Json.write(back.config()), s.type());
            assertEquals(s.transform(in).toString(), back.transform(in).toString(), s.type());
            Transformer fresh = Transformer.fromConfig(s.type(), new LinkedHashMap<>(Map.of()));
            assertFalse(fresh.isFitted(), "an empty config is the step with default parameters");
        }
    }
}
