// Run: FATHOM_THREADS=2 ./fathom bench/TreesBench.java [TABLE.csv]   (or bench/trees, which also runs scikit-learn)
//
// Fathom's HistGradientBoostingClassifier on bench/make_table_300k.py's table, with the settings of
// bench/sklearn_hist_boosting.py: the first 80% of the rows train (240,000), the rest test; 100 iterations,
// learning rate 0.1, 31 leaves, 20 rows per leaf, no early stopping, `cat` (column 20) categorical,
// missing values native. One fit warms the JIT; prints `fathom_hgb_fit <seconds> s` (the median of
// 3 timed fits) and `fathom_hgb_acc <accuracy> acc`, then the same for a random forest of 100 trees
// (`fathom_rf_fit`) on the first fifth of the rows, to watch the forests' cost.

import dev.fathom.tensor.Tensor;
import dev.fathom.trees.HistGradientBoostingClassifier;
import dev.fathom.trees.RandomForestClassifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

public class TreesBench {
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args.length > 0 ? args[0] : "bench/data/table_300k.csv");
        java.util.List<String> lines = Files.readAllLines(path);
        int n = lines.size() - 1, f = 21;
        float[] x = new float[n * f];
        int[] y = new int[n];
        {
            for (int i = 0; i < n; i++) {
                String[] cells = lines.get(i + 1).split(",", -1);
                for (int j = 0; j < 20; j++) x[i * f + j] = cells[j].isEmpty() ? Float.NaN : Float.parseFloat(cells[j]);
                x[i * f + 20] = Integer.parseInt(cells[20].substring(1));
                y[i] = Integer.parseInt(cells[21]);
            }
        }
        int train = n * 4 / 5;
        Tensor xTrain = Tensor.of(Arrays.copyOf(x, train * f), train, f), yTrain = Tensor.of(Arrays.copyOf(y, train), train);
        Tensor xTest = Tensor.of(Arrays.copyOfRange(x, train * f, n * f), n - train, f);
        Tensor yTest = Tensor.of(Arrays.copyOfRange(y, train, n), n - train);

        HistGradientBoostingClassifier model = boosting().fit(xTrain, yTrain);   // warm-up
        double[] times = new double[3];
        for (int r = 0; r < 3; r++) {
            long t0 = System.nanoTime();
            model = boosting().fit(xTrain, yTrain);
            times[r] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(times);
        System.out.printf("fathom_hgb_fit %.3f s%n", times[1]);
        System.out.printf("fathom_hgb_acc %.4f acc%n", model.score(xTest, yTest));

        int small = n / 5;
        Tensor ys = Tensor.of(Arrays.copyOf(y, small), small);
        float[] xsImputed = Arrays.copyOf(x, small * f);   // forests refuse NaN: missing as 0
        for (int j = 0; j < xsImputed.length; j++) if (Float.isNaN(xsImputed[j])) xsImputed[j] = 0;
        Tensor xsi = Tensor.of(xsImputed, small, f);
        long t0 = System.nanoTime();
        RandomForestClassifier forest = new RandomForestClassifier().trees(100).seed(0).fit(xsi, ys);
        System.out.printf("fathom_rf_fit %.3f s%n", (System.nanoTime() - t0) / 1e9);
        float[] xtImputed = xTest.toFloatArray();
        for (int j = 0; j < xtImputed.length; j++) if (Float.isNaN(xtImputed[j])) xtImputed[j] = 0;
        System.out.printf("fathom_rf_acc %.4f acc%n", forest.score(Tensor.of(xtImputed, n - train, f), yTest));
    }

    static HistGradientBoostingClassifier boosting() {
        return new HistGradientBoostingClassifier().maxIter(100).learningRate(0.1).maxLeafNodes(31).minSamplesLeaf(20)
                .earlyStopping(false).categoricalFeatures(20).seed(0);
    }
}
