package dev.fathom.pipeline;

import dev.fathom.data.BooleanColumn;
import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.ColumnType;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.LabelEncoder;
import dev.fathom.data.preprocessing.OneHotEncoder;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.SimpleImputer;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.estimators.LinearRegression;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.fathom.pipeline.PipelineTesting.assertBitIdentical;
import static dev.fathom.pipeline.PipelineTesting.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Table pipelines: schema, preprocessing of mixed columns with missing values, teaching errors for bad data. */
class PipelineTableTest {
    @TempDir
    Path dir;

    /** Numbers, categories and booleans, each with a missing value, and a text target. */
    static Table mixed() {
        return Table.of(
                NumericColumn.of("age", 22, 38, Double.NaN, 35, 54, 2, 27, 14, 58, 20),
                CategoricalColumn.of("city", "Oslo", "Rome", "Oslo", null, "Lima", "Rome", "Oslo", "Lima", "Rome", "Oslo"),
                BooleanColumn.of("member", true, false, true, true, null, false, false, true, true, false),
                CategoricalColumn.of("outcome", "no", "yes", "yes", "yes", "no", "yes", "no", "no", "yes", "no"));
    }

    static Preprocessor mixedPreprocessor() {
        return Preprocessor.builder()
                .numeric(List.of("age", "member"), new SimpleImputer(SimpleImputer.Strategy.MEDIAN), new StandardScaler())
                .categorical(List.of("city"), new SimpleImputer(SimpleImputer.Strategy.MOST_FREQUENT), new OneHotEncoder())
                .build();
    }

    static Pipeline mixedPipeline() {
        return Pipeline.fit(mixed(), "outcome", mixedPreprocessor(), new LogisticRegression());
    }

    @Test
    void mixedTableWithMissingValuesRoundTrips() {
        Table t = mixed();
        Pipeline p = mixedPipeline();
        assertEquals(Pipeline.InputKind.TABLE, p.inputKind());
        assertEquals(List.of(new InputColumn("age", ColumnType.NUMERIC, List.of()),
                new InputColumn("member", ColumnType.BOOLEAN, List.of()),
                new InputColumn("city", ColumnType.CATEGORICAL, List.of("Lima", "Oslo", "Rome"))), p.inputs());
        assertEquals(List.of("no", "yes"), p.classes());
        assertNull(p.imageShape());
        // the same features as the parts applied by hand
        Preprocessor byHand = mixedPreprocessor().fit(t.drop("outcome"));
        assertBitIdentical(byHand.transformToTensor(t.drop("outcome")), p.features(t), "features");
        Tensor y = new LabelEncoder().fit(t.column("outcome")).transform(t.column("outcome"));
        LogisticRegression lr = new LogisticRegression().fit(byHand.transformToTensor(t.drop("outcome")), y);
        assertBitIdentical(lr.predictProba(p.features(t)), p.predictProba(t), "probabilities");

        Pipeline back = roundTrip(p, dir, "mixed");
        assertEquals(p.inputs(), back.inputs());
        assertBitIdentical(p.predictProba(t), back.predictProba(t), "probabilities after loading");
        Column decoded = back.predictColumn(t);
        assertEquals("outcome", decoded.name());
        int[] idx = p.predict(t).toIntArray();
        for (int r = 0; r < t.rowCount(); r++) assertEquals(p.classes().get(idx[r]), decoded.text(r));
    }

    @Test
    void breastCancerPipelineMatchesItsParts() {
        TabularDataset bc = Datasets.load("breast_cancer");
        Table table = bc.table();
        String target = bc.targetName();
        Preprocessor prep = Preprocessor.builder().numeric(bc.featureNames(), new StandardScaler()).build();
        Pipeline p = Pipeline.fit(table, target, prep, new KNeighborsClassifier(5));
        assertEquals(30, p.inputs().size());
        assertEquals(bc.classNames().stream().sorted().toList(), p.classes(), "a LabelEncoder's classes are sorted");
        double accuracy = 0;
        Column predicted = p.predictColumn(table);
        Column truth = table.column(target);
        for (int i = 0; i < truth.size(); i++) if (predicted.text(i).equals(truth.text(i))) accuracy += 1.0 / truth.size();
        assertTrue(accuracy > 0.95, "5-NN on standardized breast cancer fits its training rows: " + accuracy);
        Pipeline back = roundTrip(p, dir, "bc");
        assertBitIdentical(p.predictProba(table), back.predictProba(table), "breast cancer probabilities");
    }

    @Test
    void aMissingColumnNamesTheClosestOne() {
        Pipeline p = mixedPipeline();
        Table renamed = Table.of(mixed().column("age").rename("agee"), mixed().column("city"), mixed().column("member"));
        PipelineInputException e = assertThrows(PipelineInputException.class, () -> p.predict(renamed));
        assertTrue(e.getMessage().startsWith("the data has no column 'age' (did you mean 'agee'?), which the model reads."), e.getMessage());
        assertTrue(e.getMessage().contains("The model reads [age, member, city]"), e.getMessage());
        assertEquals("age", e.field());
        assertEquals(-1, e.record());
    }

    @Test
    void extraColumnsAreIgnoredAndListed() {
        Pipeline p = mixedPipeline();
        Table t = mixed();
        Table wider = Table.of(NumericColumn.of("id", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9), t.column("city"), t.column("outcome"),
                t.column("member"), t.column("age"), CategoricalColumn.of("note", new String[10]));
        assertEquals(List.of("id", "outcome", "note"), p.ignoredColumns(wider));
        assertEquals(List.of(), p.ignoredColumns(t.drop("outcome")));
        assertBitIdentical(p.predictProba(t), p.predictProba(wider), "the same rows in another column order");
    }

    @Test
    void columnsOfACompatibleTypeAreConvertedAndOthersRefused() {
        Pipeline p = mixedPipeline();
        Table t = mixed();
        // a CSV may read the booleans as 0/1 numbers, or a column with no values as numeric
        double[] asNumbers = new double[10];
        for (int r = 0; r < 10; r++) asNumbers[r] = t.column("member").isMissing(r) ? Double.NaN : ((BooleanColumn) t.column("member")).asDouble(r);
        Table numeric = t.with(NumericColumn.of("member", asNumbers));
        assertBitIdentical(p.predictProba(t), p.predictProba(numeric), "0/1 numbers for a boolean column");

        // or as words: yes/no text reads as the trained booleans, and a word that is neither is named by its row
        String[] words = new String[10];
        for (int r = 0; r < 10; r++) words[r] = t.column("member").isMissing(r) ? null : t.bool("member").get(r) ? "yes" : "no";
        assertBitIdentical(p.predictProba(t), p.predictProba(t.with(CategoricalColumn.of("member", words))), "yes/no for a boolean column");
        words[9] = "maybe";
        PipelineInputException maybe = assertThrows(PipelineInputException.class,
                () -> p.predict(t.with(CategoricalColumn.of("member", words))));
        assertTrue(maybe.getMessage().startsWith("column 'member' holds categorical values (row 9 is \"maybe\")"), maybe.getMessage());

        String[] ages = new String[10];
        Arrays.fill(ages, "old");
        PipelineInputException e = assertThrows(PipelineInputException.class, () -> p.predict(t.with(CategoricalColumn.of("age", ages))));
        assertTrue(e.getMessage().startsWith("column 'age' holds categorical values (row 0 is \"old\") but the model was trained on"
                + " numeric values in it"), e.getMessage());
        assertEquals("age", e.field());
    }

    @Test
    void anUnseenCategoryIsAnInputError() {
        Pipeline p = mixedPipeline();
        Map<String, Object> rec = new LinkedHashMap<>(Map.of("age", 30, "city", "Paris", "member", true));
        PipelineInputException e = assertThrows(PipelineInputException.class, () -> p.predict(p.tableOf(List.of(rec))));
        assertTrue(e.getMessage().startsWith("the data cannot be preprocessed as in training: ") && e.getMessage().contains("Paris"),
                e.getMessage());
    }

    @Test
    void tableOfBuildsTheSchemaFromRecords() {
        Pipeline p = mixedPipeline();
        List<Map<String, Object>> records = new java.util.ArrayList<>();
        Table t = mixed();
        for (int r = 0; r < t.rowCount(); r++) {
            Map<String, Object> rec = new HashMap<>();
            rec.put("age", t.numeric("age").isMissing(r) ? null : t.numeric("age").get(r));
            rec.put("city", t.categorical("city").get(r));
            rec.put("member", t.bool("member").isMissing(r) ? null : t.bool("member").get(r));
            rec.put("comment", 42);   // unknown fields are ignored
            records.add(rec);
        }
        Table built = p.tableOf(records);
        assertEquals(List.of("age", "member", "city"), built.columnNames());
        assertBitIdentical(p.predictProba(t), p.predictProba(built), "records and the table give the same probabilities");
    }

    @Test
    void tableOfErrorsNameTheRecordAndField() {
        Pipeline p = mixedPipeline();
        Map<String, Object> good = new LinkedHashMap<>(Map.of("age", 30, "city", "Oslo", "member", true));
        Map<String, Object> badAge = new LinkedHashMap<>(good);
        badAge.put("age", "abc");
        PipelineInputException e = assertThrows(PipelineInputException.class, () -> p.tableOf(List.of(good, good, good, badAge)));
        assertEquals("record 3, field 'age': expected a number, got \"abc\"", e.getMessage());
        assertEquals(3, e.record());
        assertEquals("age", e.field());

        Map<String, Object> badCity = new LinkedHashMap<>(good);
        badCity.put("city", 7);
        e = assertThrows(PipelineInputException.class, () -> p.tableOf(List.of(badCity)));
        assertEquals("record 0, field 'city': expected a string such as \"Lima\", got 7", e.getMessage());

        Map<String, Object> badMember = new LinkedHashMap<>(good);
        badMember.put("member", "yes");
        e = assertThrows(PipelineInputException.class, () -> p.tableOf(List.of(good, badMember)));
        assertEquals("record 1, field 'member': expected true or false, got \"yes\"", e.getMessage());

        Map<String, Object> misspelt = new LinkedHashMap<>(Map.of("agee", 30, "city", "Oslo", "member", true));
        e = assertThrows(PipelineInputException.class, () -> p.tableOf(List.of(good, misspelt)));
        assertTrue(e.getMessage().startsWith("record 1, field 'age': missing; the record has 'agee', did you mean 'age'?"), e.getMessage());
        assertEquals(1, e.record());
        assertEquals("age", e.field());
    }

    @Test
    void partsAreCheckedWhenAssembled() {
        Table t = mixed();
        Preprocessor prep = mixedPreprocessor().fit(t.drop("outcome"));
        Tensor x = prep.transformToTensor(t);
        LabelEncoder labels = new LabelEncoder().fit(t.column("outcome"));
        LogisticRegression lr = new LogisticRegression().fit(x, labels.transform(t.column("outcome")));
        IllegalArgumentException noLabels = assertThrows(IllegalArgumentException.class, () -> Pipeline.of(t, "outcome", prep, null, lr));
        assertTrue(noLabels.getMessage().contains("is a classifier, so the pipeline needs the fitted LabelEncoder"), noLabels.getMessage());
        LinearRegression linear = new LinearRegression().fit(x, Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 10));
        IllegalArgumentException labelsForRegressor = assertThrows(IllegalArgumentException.class,
                () -> Pipeline.of(t, "outcome", prep, labels, linear));
        assertTrue(labelsForRegressor.getMessage().contains("is a regressor, so it takes no LabelEncoder"), labelsForRegressor.getMessage());
        Preprocessor leaky = Preprocessor.builder().numeric(List.of("age")).categorical(List.of("outcome"), new OneHotEncoder()).build().fit(t);
        IllegalArgumentException leak = assertThrows(IllegalArgumentException.class, () -> Pipeline.of(t, "outcome", leaky, labels, lr));
        assertTrue(leak.getMessage().contains("reads the target column 'outcome'"), leak.getMessage());
        Pipeline ok = Pipeline.of(t, "outcome", prep, labels, lr);
        assertBitIdentical(lr.predictProba(x), ok.predictProba(t), "assembled parts predict as they do alone");
        IllegalArgumentException noTarget = assertThrows(IllegalArgumentException.class,
                () -> Pipeline.fit(t, "outcom", mixedPreprocessor(), new LogisticRegression()));
        assertTrue(noTarget.getMessage().contains("no target column 'outcom'; did you mean 'outcome'?"), noTarget.getMessage());
    }
}
