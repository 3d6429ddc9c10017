/**
 * Text data: {@link dev.fathom.text.TextVectorization} (Keras' text layer: standardize, split,
 * n-grams, a vocabulary learnt by {@code adapt}, int, multi-hot, count and TF-IDF outputs), and two
 * preprocessing steps for tables of text columns: {@link dev.fathom.text.TfidfVectorizer}
 * (scikit-learn's, for linear models and trees) and {@link dev.fathom.text.TextSequences} (token ids,
 * for networks that start with an {@code Embedding}).
 *
 * <p>{@code fathom train} gives a text column both ({@link dev.fathom.text.TextFeatures}). On 4,954
 * Debian package descriptions in five sections its TF-IDF + logistic regression reaches
 * scikit-learn's TF-IDF (1–2-grams) + LogisticRegression under 5-fold cross-validation on the same
 * rows ({@code bench/text_compare}; the figures are in docs/benchmarks.md).
 *
 * <pre>{@code
 * TextVectorization tv = new TextVectorization().maxTokens(20_000).outputSequenceLength(100);
 * tv.adapt(trainingTexts);
 * Tensor ids = tv.apply(List.of("A new text"));
 * }</pre>
 */
package dev.fathom.text;
