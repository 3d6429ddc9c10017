/**
 * Data sets: readers for their file formats, loaders that return tensors, and a locator that finds
 * files on this machine or downloads and verifies them.
 *
 * <pre>{@code
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
 */
package dev.fathom.datasets;
