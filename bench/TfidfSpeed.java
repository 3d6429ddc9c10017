// Run: ./fathom bench/TfidfSpeed.java FILE      (bench/tfidf runs it)
//
// bench/tfidf's Fathom side: TfidfVectorizer.fitTransform of the texts in FILE (one per line) with
// ngramRange(1, 2) and scikit-learn's defaults otherwise, best of 5 after two warm-up runs.

import dev.fathom.text.SparseMatrix;
import dev.fathom.text.TfidfVectorizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

void main(String[] args) throws Exception {
    List<String> texts = Files.readAllLines(Path.of(args[0]));
    SparseMatrix x = null;
    for (int i = 0; i < 2; i++) x = new TfidfVectorizer().ngramRange(1, 2).fitTransform(texts);
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        x = new TfidfVectorizer().ngramRange(1, 2).fitTransform(texts);
        best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    System.out.printf("fathom_tfidf_seconds %.3f (%d texts -> %d x %d, %d non-zeros)%n", best, texts.size(), x.rows(), x.columns(),
            x.nonZeros());
}
