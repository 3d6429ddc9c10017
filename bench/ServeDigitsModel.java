// Run: ./fathom bench/ServeDigitsModel.java OUT_DIR      (bench/serve runs it)
//
// The model that bench/serve puts under load: logistic regression on the bundled digits data set
// (8x8 images as 64 pixel columns, 10 classes), standardized, saved as a pipeline file. Writes
// OUT_DIR/digits.fathom and OUT_DIR/digits_record.json, one held-out digit as a /predict body.

import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.data.split.Split;
import dev.fathom.data.split.Splits;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.saving.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/bench-serve");
    Files.createDirectories(out);
    TabularDataset digits = Datasets.load("digits");
    String target = digits.targetName();
    Split split = Splits.trainTest(digits.table(), 0.2, 0).stratifiedBy(target);
    Preprocessor prep = Preprocessor.builder().numeric(digits.featureNames(), new StandardScaler()).build();
    Pipeline pipeline = Pipeline.fit(split.train(), target, prep, new LogisticRegression())
            .withMetadata(Map.of("dataset", "digits"));
    Table test = split.test();
    long right = 0;
    var predicted = pipeline.predictColumn(test);
    for (int i = 0; i < test.rowCount(); i++) if (predicted.text(i).equals(test.column(target).text(i))) right++;
    pipeline.save(out.resolve("digits.fathom"));

    Map<String, Object> record = new LinkedHashMap<>();
    for (String name : digits.featureNames()) record.put(name, test.numeric(name).get(0));
    Files.writeString(out.resolve("digits_record.json"), Json.writeCompact(record));
    System.out.printf("saved %s (test accuracy %.3f on %d digits) and %s%n", out.resolve("digits.fathom"),
            (double) right / test.rowCount(), test.rowCount(), out.resolve("digits_record.json"));
}
