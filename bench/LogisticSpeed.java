// Run: ./fathom bench/LogisticSpeed.java /tmp/wide_table.csv   (or bench/logistic, which runs both sides)
//
// Fathom's side of bench/logistic: LogisticRegression (L-BFGS) per fold of a 5-fold stratified split
// of bench/make_wide_table.py's table, region one-hot encoded and the numbers standardized per fold,
// as bench/logistic_lbfgs.py does with scikit-learn (its pipeline's fit, scaler included, against
// StandardizedEstimator's here). Prints the median fit seconds per fold, the last fold's L-BFGS
// iterations and evaluations of the loss and gradient (SciPy's nit and nfev).

import dev.fathom.data.CsvReader;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.LabelEncoder;
import dev.fathom.data.preprocessing.OneHotEncoder;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.split.StratifiedKFold;
import dev.fathom.data.split.Fold;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.tensor.Tensor;
import dev.fathom.validation.StandardizedEstimator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public class LogisticSpeed {
    public static void main(String[] args) {
        Table table = CsvReader.read(Path.of(args.length > 0 ? args[0] : "/tmp/wide_table.csv"));
        List<String> numeric = new ArrayList<>();
        for (int i = 0; i < 20; i++) numeric.add("x" + i);
        Table features = table.drop("label");
        Preprocessor prep = Preprocessor.builder().numeric(numeric).categorical(List.of("region"), new OneHotEncoder()).build().fit(features);
        Tensor x = prep.transformToTensor(features);
        Tensor y = new LabelEncoder().fit(table.column("label")).transform(table.column("label"));
        double[] seconds = new double[5];
        double accuracy = 0;
        int iterations = 0, evaluations = 0;
        int k = 0;
        for (Fold fold : new StratifiedKFold(5).shuffle(0).split(y)) {
            Tensor trainIdx = Tensor.of(fold.trainIndices(), fold.trainIndices().length);
            Tensor testIdx = Tensor.of(fold.testIndices(), fold.testIndices().length);
            Tensor xt = x.indexSelect(0, trainIdx), yt = y.indexSelect(0, trainIdx);
            long start = System.nanoTime();
            LogisticRegression inner = new LogisticRegression();
            StandardizedEstimator clf = new StandardizedEstimator(inner).fit(xt, yt);
            seconds[k++] = (System.nanoTime() - start) / 1e9;
            accuracy += clf.score(x.indexSelect(0, testIdx), y.indexSelect(0, testIdx)) / 5;
            iterations = inner.iterations();
            evaluations = inner.evaluations();
        }
        Arrays.sort(seconds);
        System.out.printf("fathom_logistic_fit_s_per_fold %.4f accuracy %.4f iterations %d evaluations %d%n", seconds[2], accuracy,
                iterations, evaluations);
    }
}
