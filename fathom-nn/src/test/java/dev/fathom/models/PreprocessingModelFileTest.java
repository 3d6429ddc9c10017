package dev.fathom.models;

import dev.fathom.data.preprocessing.LabelEncoder;
import dev.fathom.data.preprocessing.PixelScaler;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.data.preprocessing.SimpleImputer;
import dev.fathom.data.preprocessing.Transformer;
import dev.fathom.data.preprocessing.OneHotEncoder;
import dev.fathom.data.preprocessing.MinMaxScaler;
import dev.fathom.data.preprocessing.HandleUnknown;
import dev.fathom.data.preprocessing.OrdinalEncoder;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.SimpleImputer.Strategy;
import dev.fathom.layers.Dense;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.saving.Json;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Preprocessing saved inside a model file comes back as the same pipeline, giving identical features and predictions. */
class PreprocessingModelFileTest {
    @TempDir
    Path dir;

    private static final double NA = Double.NaN;
    /** A table with a gap in each kind of column and a categorical value the training rows never show. */
    private static final Table TRAIN = Table.of(
            NumericColumn.of("height", 1.62, 1.80, NA, 1.75, 1.58, 1.91),
            NumericColumn.of("weight", 55, 82, 70, NA, 49, 95),
            CategoricalColumn.of("sex", "female", "male", "female", "male", "female", "male"),
            CategoricalColumn.of("city", "Oslo", "Lima", null, "Oslo", "Pune", "Lima"));
    private static final Table TEST = Table.of(
            NumericColumn.of("weight", 60, NA),
            NumericColumn.of("height", 1.70, 1.66),
            CategoricalColumn.of("sex", "male", "female"),
            CategoricalColumn.of("city", "Kyiv", "Oslo"));

    private static Preprocessor people() {
        return Preprocessor.builder()
                .numeric(List.of("height", "weight"), new SimpleImputer(Strategy.MEDIAN), new StandardScaler())
                .categorical(List.of("city"), new SimpleImputer(Strategy.MOST_FREQUENT), new OneHotEncoder(HandleUnknown.IGNORE))
                .build();
    }

    private Model saveAndLoad(Model model, String name) {
        Path p = dir.resolve(name + ".fathom");
        model.save(p);
        return Model.load(p);
    }

    @Test
    void aTrainedModelAndItsPreprocessingComeBackTogether() {
        Table train = TRAIN;
        Table test = TEST;
        Preprocessor prep = people().fit(train);
        LabelEncoder labels = new LabelEncoder().fit(train.column("sex"));
        Tensor x = prep.transformToTensor(train);
        Sequential model = new Sequential(new Dense(4, "relu"), new Dense(2));
        model.seed(1);
        model.compile(new Adam(1e-2), new SparseCategoricalCrossentropy(true), "accuracy");
        model.fit(x, labels.transform(train.column("sex")), Fit.epochs(3).batchSize(2).seed(2).silent());
        model.attach("preprocessing", prep.config()).attach("labels", labels.config());

        Model loaded = saveAndLoad(model, "titanic");
        Preprocessor prepBack = Preprocessor.fromConfig(loaded.attachment("preprocessing"));
        LabelEncoder labelsBack = LabelEncoder.fromConfig(loaded.attachment("labels"));
        assertEquals(Json.write(prep.config()), Json.write(prepBack.config()));
        assertEquals(prep.featureNames(), prepBack.featureNames());

        Tensor before = model.predict(prep.transformToTensor(test));
        Tensor after = loaded.predict(prepBack.transformToTensor(test));
        assertArrayEquals(before.toFloatArray(), after.toFloatArray(), 0f);
        CategoricalColumn a = labels.inverseTransform(model.predictClasses(prep.transformToTensor(test)));
        CategoricalColumn b = labelsBack.inverseTransform(loaded.predictClasses(prepBack.transformToTensor(test)));
        assertEquals(List.of(a.get(0), a.get(1)), List.of(b.get(0), b.get(1)));
    }

    @Test
    void everyStepRoundTripsThroughAModelFileWithIdenticalOutput() {
        Table train = Table.of(
                NumericColumn.of("a", 1, Double.NaN, 4, 9, 2), NumericColumn.of("b", 10, 20, 20, Double.NaN, 5),
                NumericColumn.of("c", 3, 6, 6, 0, 1), NumericColumn.of("px", 0, 255, 17, 3, 128),
                CategoricalColumn.of("k", "x", "y", null, "y", "z"), CategoricalColumn.of("o", "lo", "hi", "mid", "hi", null));
        Table test = Table.of(
                NumericColumn.of("a", Double.NaN, 100), NumericColumn.of("b", 0, Double.NaN),
                NumericColumn.of("c", 7, -1), NumericColumn.of("px", 255, 51),
                CategoricalColumn.of("k", "w", null), CategoricalColumn.of("o", "hi", "top"));
        Preprocessor prep = Preprocessor.builder()
                .numeric(List.of("a"), new SimpleImputer(Strategy.MEAN), new StandardScaler())
                .numeric(List.of("b"), new SimpleImputer(Strategy.MOST_FREQUENT), new MinMaxScaler(-1, 1, true))
                .numeric(List.of("c"), SimpleImputer.constant(2.5), new StandardScaler(true, false))
                .columns("pixels", List.of("px"), new PixelScaler())
                .categorical(List.of("k"), SimpleImputer.constant("none"), new OneHotEncoder(HandleUnknown.IGNORE))
                .categorical(List.of("o"), new OrdinalEncoder(HandleUnknown.USE_ENCODED_VALUE, -1), new SimpleImputer(Strategy.MEDIAN))
                .build()
                .fit(train);
        Tensor features = prep.transformToTensor(train);
        Sequential model = new Sequential(new Dense(1));
        model.build(features.shape(1));
        model.attach("preprocessing", prep.config());

        Preprocessor back = Preprocessor.fromConfig(saveAndLoad(model, "steps").attachment("preprocessing"));
        for (String group : prep.groupNames()) {
            for (int i = 0; i < prep.steps(group).size(); i++) {
                Transformer s = prep.steps(group).get(i);
                assertEquals(Json.write(s.config()), Json.write(back.steps(group).get(i).config()), group + " step " + i);
            }
        }
        assertEquals(prep.transform(test).toString(), back.transform(test).toString());
        assertArrayEquals(prep.transformToTensor(test).toFloatArray(), back.transformToTensor(test).toFloatArray(), 0f);
        assertEquals(List.of("a", "b", "c", "px", "k=none", "k=x", "k=y", "k=z", "o"), back.featureNames());
    }

    @Test
    void fittedStatisticsComeBackBitForBit() {
        Preprocessor prep = people().fit(TRAIN);
        Sequential model = new Sequential(new Dense(3));
        model.build(prep.featureNames().size());
        model.attach("preprocessing", prep.config());
        Preprocessor back = Preprocessor.fromConfig(saveAndLoad(model, "people").attachment("preprocessing"));
        assertArrayEquals(prep.transformToTensor(TEST).toFloatArray(), back.transformToTensor(TEST).toFloatArray(), 0f);
        StandardScaler scaler = (StandardScaler) back.steps("numeric").get(1);
        assertArrayEquals(((StandardScaler) prep.steps("numeric").get(1)).mean(), scaler.mean(), 0, "bit for bit");
    }
}
