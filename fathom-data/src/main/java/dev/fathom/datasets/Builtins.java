package dev.fathom.datasets;

import dev.fathom.data.CsvOptions;
import dev.fathom.data.CsvReader;
import dev.fathom.data.Table;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The data sets bundled in fathom-data's jar: for each, its file under
 * {@code /dev/fathom/datasets/builtin/}, what it holds and the published results on it, with
 * their sources. {@code README.md} beside the files says how each file was made from its origin.
 */
final class Builtins {
    /** Where the files are in the jar. */
    static final String FOLDER = "/dev/fathom/datasets/builtin/";

    /** Every file has a header row, commas, decimal points, UTF-8 text, and no missing values to recognise: nothing to sniff. */
    private static final CsvOptions OPTIONS = CsvOptions.defaults().header(true).delimiter(',').decimal('.').quote('"')
            .charset(StandardCharsets.UTF_8).onlyNaValues();

    private static final String UCI_LICENSE = "Creative Commons Attribution 4.0 International (CC BY 4.0), as the UCI"
            + " Machine Learning Repository lists it; bundled from scikit-learn's copy (BSD-3-Clause)";

    /** One built-in data set: what {@link #load} needs and what {@link TabularDataset} reports. */
    record Spec(String name, String title, String file, Task task, String targetName, List<String> classNames,
                String description, String source, String license, List<ReferenceScore> referenceScores) {}

    static final Spec IRIS = new Spec("iris", "Iris plants", "iris.csv", Task.CLASSIFICATION, "species",
            List.of("setosa", "versicolor", "virginica"),
            """
            Fisher's iris data: four measurements in centimetres (sepal length and width, petal length \
            and width) of 150 iris flowers, 50 of each of three species. Setosa is linearly separable \
            from the other two; versicolor and virginica overlap. This is the copy from Fisher's \
            paper (as in R and scikit-learn), which differs from the UCI file in two values.""",
            "R. A. Fisher (1936), \"The use of multiple measurements in taxonomic problems\", Annals of Eugenics 7(2),"
                    + " 179-188; UCI Machine Learning Repository, Iris (https://archive.ics.uci.edu/dataset/53/iris);"
                    + " bundled from scikit-learn 1.2 (sklearn/datasets/data/iris.csv)",
            UCI_LICENSE,
            List.of(new ReferenceScore("accuracy", 0.98, "SVC(kernel='linear', C=1)",
                    "5-fold stratified cross-validation, cross_val_score(clf, X, y, cv=5), mean over the folds (std 0.02)",
                    "scikit-learn User Guide, 3.1 Cross-validation: evaluating estimator performance,"
                            + " https://scikit-learn.org/stable/modules/cross_validation.html")));

    private static final String WINE_SOURCE = "S. Aeberhard, D. Coomans, O. de Vel (1992), Comparison of Classifiers in"
            + " High Dimensional Settings, Tech. Rep. 92-02, James Cook University; quoted in the UCI wine.names"
            + " (https://archive.ics.uci.edu/dataset/109/wine) and scikit-learn's wine description";

    static final Spec WINE = new Spec("wine", "Wine recognition", "wine.csv", Task.CLASSIFICATION, "class",
            List.of("class_0", "class_1", "class_2"),
            """
            Chemical analysis of 178 wines grown in the same region of Italy from three cultivars \
            (class_0: 59, class_1: 71, class_2: 48): 13 constituents such as alcohol, malic acid, \
            flavanoids, colour intensity and proline. The features have very different scales \
            (hue about 1, proline about 750): standardize them before distance-based or \
            gradient-trained models.""",
            "M. Forina et al., PARVUS, Institute of Pharmaceutical and Food Analysis and Technologies, Genoa;"
                    + " UCI Machine Learning Repository, Wine (https://archive.ics.uci.edu/dataset/109/wine);"
                    + " bundled from scikit-learn 1.2 (sklearn/datasets/data/wine_data.csv)",
            UCI_LICENSE,
            List.of(new ReferenceScore("accuracy", 1.0, "RDA (regularized discriminant analysis)", "leave-one-out", WINE_SOURCE),
                    new ReferenceScore("accuracy", 0.994, "QDA", "leave-one-out", WINE_SOURCE),
                    new ReferenceScore("accuracy", 0.989, "LDA", "leave-one-out", WINE_SOURCE),
                    new ReferenceScore("accuracy", 0.961, "1-nearest neighbour",
                            "leave-one-out, features z-transformed (standardized)", WINE_SOURCE)));

    static final Spec BREAST_CANCER = new Spec("breast_cancer", "Breast Cancer Wisconsin (Diagnostic)", "breast_cancer.csv",
            Task.CLASSIFICATION, "diagnosis", List.of("malignant", "benign"),
            """
            569 breast masses (212 malignant, 357 benign), each described by ten features of the cell \
            nuclei in a digitized image of a fine needle aspirate (radius, texture, perimeter, area, \
            smoothness, compactness, concavity, concave points, symmetry, fractal dimension); for \
            each, the mean over the nuclei, its standard error ("error") and the mean of the three \
            largest values ("worst"): 30 features. Label 0 is malignant, 1 benign, as in scikit-learn.""",
            "W. H. Wolberg, W. N. Street, O. L. Mangasarian (1995); W. N. Street, W. H. Wolberg, O. L. Mangasarian (1993),"
                    + " \"Nuclear feature extraction for breast tumor diagnosis\", IS&T/SPIE 1905, 861-870; UCI Machine"
                    + " Learning Repository, Breast Cancer Wisconsin (Diagnostic)"
                    + " (https://archive.ics.uci.edu/dataset/17/breast+cancer+wisconsin+diagnostic);"
                    + " bundled from scikit-learn 1.2 (sklearn/datasets/data/breast_cancer.csv)",
            UCI_LICENSE,
            List.of(new ReferenceScore("accuracy", 0.975,
                    "one separating plane (Multisurface Method-Tree, linear programming) on worst area, worst smoothness and mean texture",
                    "repeated 10-fold cross-validation",
                    "UCI Machine Learning Repository, wdbc.names"
                            + " (https://archive.ics.uci.edu/dataset/17/breast+cancer+wisconsin+diagnostic)")));

    static final Spec DIGITS = new Spec("digits", "Optical recognition of handwritten digits (8x8)", "digits.csv.gz",
            Task.CLASSIFICATION, "digit", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            """
            1,797 handwritten digits from 13 writers, each a row-major 8x8 image whose pixels count \
            the set pixels in a 4x4 block of a 32x32 bitmap (integers 0..16); feature pixel_r_c is \
            row r, column c. About 180 of each digit. features().reshape(-1, 8, 8) gives the images; \
            divide by 16 to scale them to [0, 1]. This is the test part of the UCI set, the part \
            scikit-learn ships.""",
            "E. Alpaydin, C. Kaynak (1998), Bogazici University; UCI Machine Learning Repository, Optical Recognition"
                    + " of Handwritten Digits (https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits),"
                    + " file optdigits.tes; bundled from scikit-learn 1.2 (sklearn/datasets/data/digits.csv.gz)",
            UCI_LICENSE,
            List.of(new ReferenceScore("accuracy", 0.97, "SVC(gamma=0.001) on the raw 0..16 pixels",
                    "the first half of the rows for training, the last 899 for testing, not shuffled"
                            + " (train_test_split(test_size=0.5, shuffle=False))",
                    "scikit-learn example \"Recognizing hand-written digits\","
                            + " https://scikit-learn.org/stable/auto_examples/classification/plot_digits_classification.html")));

    private static final String OLS_SOURCE = "scikit-learn 1.2 example \"Linear Regression Example\","
            + " https://scikit-learn.org/1.2/auto_examples/linear_model/plot_ols.html";
    private static final String OLS_PROTOCOL = "bmi alone; the first 422 rows for training, the last 20 for testing"
            + " (unaffected by scaling: the same on these raw features as on scikit-learn's scaled ones)";

    static final Spec DIABETES = new Spec("diabetes", "Diabetes (Efron et al.)", "diabetes.csv", Task.REGRESSION, "progression",
            List.of(),
            """
            442 diabetes patients: age (years), sex (1 or 2), body mass index, mean blood pressure \
            and six blood serum measurements (s1 total cholesterol, s2 LDL, s3 HDL, s4 total/HDL, \
            s5 log triglycerides, s6 glucose), and the target, a quantitative measure of disease \
            progression one year later (25..346). These are the raw, unscaled values, as \
            load_diabetes(scaled=False); scikit-learn's default load_diabetes() centres each feature \
            and divides it by its standard deviation times sqrt(442).""",
            "B. Efron, T. Hastie, I. Johnstone, R. Tibshirani (2004), \"Least Angle Regression\", Annals of Statistics"
                    + " 32(2), 407-499; data at https://www4.stat.ncsu.edu/~boos/var.select/diabetes.html;"
                    + " bundled from scikit-learn 1.2 (diabetes_data_raw.csv.gz, diabetes_target.csv.gz)",
            "no license stated by the authors; redistributed with scikit-learn (BSD-3-Clause) since 2010",
            List.of(new ReferenceScore("r2", 0.47, "LinearRegression", OLS_PROTOCOL, OLS_SOURCE),
                    new ReferenceScore("mse", 2548.07, "LinearRegression", OLS_PROTOCOL, OLS_SOURCE)));

    private static final String ARMA_SOURCE = "statsmodels example \"Autoregressive Moving Average (ARMA): Sunspots data\","
            + " https://www.statsmodels.org/stable/examples/notebooks/generated/tsa_arma_0.html";

    static final Spec SUNSPOTS = new Spec("sunspots", "Yearly sunspot numbers 1700-2008", "sunspots.csv", Task.FORECASTING,
            "SUNACTIVITY", List.of(),
            """
            The yearly mean sunspot number for each year from 1700 to 2008 (309 years, in order), a \
            series with a cycle of about 11 years. The feature is the year; forecast the series from \
            its own past. These are version 1 numbers, from before the 2015 recalibration of the \
            sunspot series by SILSO, the same series as in statsmodels and R.""",
            "NOAA National Geophysical Data Center (http://www.ngdc.noaa.gov/stp/solar/solarda3.html);"
                    + " bundled from statsmodels 0.13 (statsmodels/datasets/sunspots/sunspots.csv)",
            "public domain (as statsmodels and Debian's copyright file state)",
            List.of(new ReferenceScore("aic", 2622.637, "AR(2) with a constant, ARIMA(order=(2, 0, 0))",
                            "exact maximum likelihood on all 309 years", ARMA_SOURCE),
                    new ReferenceScore("aic", 2619.404, "AR(3) with a constant, ARIMA(order=(3, 0, 0))",
                            "exact maximum likelihood on all 309 years", ARMA_SOURCE)));

    /** Every built-in tabular data set, in the order {@link Datasets#names()} lists them. */
    static final List<Spec> ALL = List.of(IRIS, WINE, BREAST_CANCER, DIGITS, DIABETES, SUNSPOTS);

    private Builtins() {}

    /**
     * Reads the spec's file from the jar and checks it against the spec.
     *
     * @throws DatasetException naming the file when it is missing from the jar or does not fit
     */
    static TabularDataset load(Spec spec) {
        String where = FOLDER + spec.file();
        Table table = read(where);
        return new TabularDataset(spec.name(), spec.title(), spec.task(), table, spec.targetName(), spec.classNames(),
                spec.description(), spec.source(), spec.license(), spec.referenceScores(), "resource " + where);
    }

    private static Table read(String resource) {
        InputStream in = Builtins.class.getResourceAsStream(resource);
        if (in == null) {
            throw new DatasetException("resource " + resource + " is not on the class path; the fathom-core jar"
                    + " bundles it, so a jar built without src/main/resources (or repackaged without it) is the cause");
        }
        try {
            InputStream data = resource.endsWith(".gz") ? new GZIPInputStream(in) : in;
            // load, not read: its warnings (e.g. digits' always-blank corner pixels are constant columns)
            // describe the data, not a problem with it, so they are not logged on every load.
            return CsvReader.load(data, resource, OPTIONS).table();
        } catch (IOException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new DatasetException("resource " + resource + ": cannot decompress it (" + e.getMessage()
                    + "); the jar is damaged, rebuild or download it again", e);
        }
    }
}
