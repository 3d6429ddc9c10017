/**
 * Data sets: small tabular ones bundled in the jar, image ones found locally or downloaded, readers
 * for their file formats, and a locator that finds files on this machine or downloads and verifies
 * them. {@link dev.fathom.datasets.Datasets} knows them all by name.
 *
 * <pre>{@code
 * TabularDataset iris = Datasets.load("iris");  // float32 features [150, 4], int32 labels [150]
 * iris.referenceScores();                       // published results to compare with, with sources
 * ImageDataset data = FashionMnist.load();      // float32 [60000, 28, 28] in [0, 1], int32 labels
 * IdxArray raw = Idx.read(Path.of("t10k-labels-idx1-ubyte.gz"));
 * }</pre>
 *
 * <h2>Sources and licenses</h2>
 * <ul>
 *   <li><b>Fashion-MNIST</b> ({@link dev.fathom.datasets.FashionMnist}): Han Xiao, Kashif Rasul and
 *       Roland Vollgraf, Zalando Research, 2017, <a href="https://github.com/zalandoresearch/fashion-mnist">
 *       github.com/zalandoresearch/fashion-mnist</a>, MIT License (Copyright 2017 Zalando SE).
 *       Downloaded from {@code http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/}, the
 *       address the project's README gives, and checked against the MD5s listed there. Debian
 *       packages it as {@code dataset-fashion-mnist} (files in {@code /usr/share/datasets/fashion-mnist});
 *       Debian re-compressed the files, so their {@code .gz} bytes differ from the published ones,
 *       while their decompressed content (checked by SHA-256) is the same.</li>
 *   <li><b>MNIST</b> ({@link dev.fathom.datasets.Mnist}): Yann LeCun, Corinna Cortes and Christopher
 *       J.C. Burges, <a href="http://yann.lecun.com/exdb/mnist/">yann.lecun.com/exdb/mnist</a>;
 *       distributed under the Creative Commons Attribution-Share Alike 3.0 license (CC BY-SA 3.0),
 *       as the TensorFlow and Keras data set documentation states. Downloaded from the CVDF mirror
 *       {@code https://storage.googleapis.com/cvdf-datasets/mnist/} that TensorFlow uses, and checked
 *       against the MD5s of the original {@code .gz} files.</li>
 * </ul>
 * Fathom ships none of these files; it reads what is installed or downloads them on first use.
 *
 * <h2>Bundled tabular data sets: sources and licenses</h2>
 * These files are in the fathom-core jar under {@code dev/fathom/datasets/builtin/}, written by
 * {@code fathom-data/src/test/python/make_builtin_datasets.py} from the copies in Debian's
 * {@code python3-sklearn} 1.2.1 and {@code python3-statsmodels} 0.13.5. The numbers are copied as
 * text, unchanged; the only transformation is the layout: a header row of scikit-learn's feature
 * names plus the target column, and class names in place of class indices ({@code README.md}
 * beside the files gives the details).
 * <ul>
 *   <li><b>iris</b> ({@code iris.csv}): R. A. Fisher (1936), Annals of Eugenics 7(2), 179-188; UCI
 *       Machine Learning Repository "Iris". Fisher's values, as in R and scikit-learn (UCI's file
 *       differs in two values). UCI lists its data sets under CC BY 4.0; scikit-learn's copy is
 *       distributed under BSD-3-Clause.</li>
 *   <li><b>wine</b> ({@code wine.csv}): M. Forina et al., PARVUS, Genoa; UCI "Wine". CC BY 4.0 (UCI);
 *       BSD-3-Clause (scikit-learn's copy).</li>
 *   <li><b>breast_cancer</b> ({@code breast_cancer.csv}): W. H. Wolberg, W. N. Street and O. L.
 *       Mangasarian, University of Wisconsin, 1995; UCI "Breast Cancer Wisconsin (Diagnostic)". CC BY
 *       4.0 (UCI); BSD-3-Clause (scikit-learn's copy).</li>
 *   <li><b>digits</b> ({@code digits.csv.gz}, gzip): E. Alpaydin and C. Kaynak, 1998; UCI "Optical
 *       Recognition of Handwritten Digits", its test part (1,797 of 5,620 digits), as scikit-learn
 *       ships it. CC BY 4.0 (UCI); BSD-3-Clause (scikit-learn's copy).</li>
 *   <li><b>diabetes</b> ({@code diabetes.csv}): B. Efron, T. Hastie, I. Johnstone and R. Tibshirani
 *       (2004), "Least Angle Regression", Annals of Statistics 32(2). Fathom ships the <em>raw,
 *       unscaled</em> features (scikit-learn's {@code load_diabetes(scaled=False)}), joined with the
 *       target from scikit-learn's second file; scikit-learn's default scales each feature to mean
 *       0 and sum of squares 1. The authors state no license; scikit-learn has redistributed the data
 *       under BSD-3-Clause since 2010.</li>
 *   <li><b>sunspots</b> ({@code sunspots.csv}): yearly mean sunspot numbers 1700-2008 (version 1,
 *       before the 2015 recalibration) from NOAA's National Geophysical Data Center, as statsmodels
 *       ships them. Public domain, as statsmodels and Debian's copyright file state.</li>
 * </ul>
 * Each data set's published reference scores, with their sources, are in
 * {@link dev.fathom.datasets.TabularDataset#referenceScores()}.
 */
package dev.fathom.datasets;
