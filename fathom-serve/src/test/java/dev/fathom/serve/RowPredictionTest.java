package dev.fathom.serve;

import dev.fathom.data.preprocessing.MinMaxScaler;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.SimpleImputer;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.estimators.LinearRegression;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * One plain record of numbers is predicted with no table ({@code Pipeline.rowPredictor}) and a
 * classifier's answer without probabilities is written once per class; each answer is the one the
 * same record gets in an array, which goes through a table.
 */
class RowPredictionTest {
    /** x1 imputed then scaled, x2 scaled into [-1, 1] with clipping. */
    @RegisterExtension
    static final ServedPipeline imputed = new ServedPipeline(Pipeline.fit(Fixtures.mixedTable().drop("amount").drop("colour"), "label",
            Preprocessor.builder()
                    .numeric(List.of("x1"), new SimpleImputer(SimpleImputer.Strategy.MEAN), new StandardScaler())
                    .numeric(List.of("x2"), new MinMaxScaler(-1, 1, true))
                    .build(), new LogisticRegression()), ServerOptions.defaults().withPort(0));

    @RegisterExtension
    static final ServedPipeline regressor = new ServedPipeline(Pipeline.fit(Fixtures.mixedTable().drop("label").drop("colour"), "amount",
            Preprocessor.builder().numeric(List.of("x1", "x2"), new StandardScaler()).build(), new LinearRegression()),
            ServerOptions.defaults().withPort(0));

    @Test
    void aClassifiersRecordAnswersAsInAnArrayMissingValuesIncluded() throws Exception {
        assertNotNull(imputed.server().pipeline().rowPredictor().orElse(null), "the pipeline has a row form");
        for (int i = 0; i < 14; i++) {
            String x1 = i % 4 == 0 ? "null" : String.valueOf(i * 1.7 - 9);
            String record = "{\"x1\": " + x1 + ", \"x2\": " + (40 - i * 6.5) + "}";
            for (String path : List.of("/predict", "/predict?proba=true")) {
                HttpResponse<String> alone = imputed.post(path, record);
                assertEquals(200, alone.statusCode(), alone.body());
                assertEquals(imputed.post(path, "[" + record + "]").body(), alone.body(), record);
            }
        }
    }

    @Test
    void aRegressorsRecordAnswersAsInAnArray() throws Exception {
        for (int i = 0; i < 10; i++) {
            String record = "{\"x2\": " + (i * 0.3 - 1) + ", \"x1\": " + (5 - i) + "}";
            HttpResponse<String> alone = regressor.post("/predict", record);
            assertEquals(200, alone.statusCode(), alone.body());
            assertEquals(regressor.post("/predict", "[" + record + "]").body(), alone.body(), record);
        }
        // x1 is not imputed: a missing value is refused as the table refuses it.
        HttpResponse<String> missing = regressor.post("/predict", "{\"x1\": null, \"x2\": 1}");
        HttpResponse<String> inArray = regressor.post("/predict", "[{\"x1\": null, \"x2\": 1}]");
        assertEquals(inArray.statusCode(), missing.statusCode());
        assertEquals(inArray.body(), missing.body());
    }
}
