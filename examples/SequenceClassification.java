// Run: ./fathom examples/SequenceClassification.java
//
// Classifying sequences of different lengths by the order of their tokens: does token A come before
// token B? Each sequence holds one A and one B among random filler tokens, and is 4 to 50 tokens
// long. The sequences are padded with 0 to one length (Sequences.pad), and an Embedding with
// maskZero(true) tells the LSTM which steps are padding, so it reads each sequence only up to its
// own end. The same model without the mask reads the padding as data and must carry what it saw
// through up to 46 padded steps; both are compared with the majority-class baseline. Measured
// (3 epochs): baseline 0.500, masked 1.000, unmasked 0.710 (examples/readme-figures.sh checks them).

import dev.fathom.data.sequences.Sequences;
import dev.fathom.data.sequences.Sequences.Padding;
import dev.fathom.data.sequences.Sequences.Truncating;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Embedding;
import dev.fathom.layers.LSTM;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

public class SequenceClassification {
    static final int A = 1, B = 2;           // the two tokens whose order is the label
    static final int VOCABULARY = 30;        // ids 1..29; 0 is padding
    static final int MIN_LENGTH = 4, MAX_LENGTH = 50;

    /** n sequences (as lists of ids) and their labels: 1 when A comes before B. Half of each, seeded. */
    static List<int[]> sequences(Generator g, int n, int[] labels) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int length = MIN_LENGTH + (int) (g.nextDouble() * (MAX_LENGTH - MIN_LENGTH + 1));
            int[] s = new int[length];
            for (int t = 0; t < length; t++) s[t] = 3 + (int) (g.nextDouble() * (VOCABULARY - 3));   // filler 3..29
            int first = (int) (g.nextDouble() * length);
            int second;
            do second = (int) (g.nextDouble() * length); while (second == first);
            labels[i] = i % 2;   // balanced classes
            boolean aFirst = labels[i] == 1;
            s[Math.min(first, second)] = aFirst ? A : B;
            s[Math.max(first, second)] = aFirst ? B : A;
            out.add(s);
        }
        return out;
    }

    static double train(boolean mask, Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest) {
        Sequential model = new Sequential(
                new Embedding(VOCABULARY, 16).maskZero(mask),   // [batch, 50] ids -> [batch, 50, 16] (+ mask)
                new LSTM(16),                                   // -> [batch, 16]: the state at each sequence's end
                new Dense(2));
        model.seed(7).compile(new Adam(0.01), new SparseCategoricalCrossentropy(true), "accuracy");
        model.build(MAX_LENGTH);
        model.fit(xTrain, yTrain, Fit.epochs(3).batchSize(64).seed(1).silent());
        return model.evaluate(xTest, yTest).get("accuracy");
    }

    public static void main(String[] args) {
        Generator g = new Generator(2024);
        int[] trainLabels = new int[1500];
        int[] testLabels = new int[500];
        List<int[]> train = sequences(g, trainLabels.length, trainLabels);
        List<int[]> test = sequences(g, testLabels.length, testLabels);
        System.out.println("a training sequence: " + java.util.Arrays.toString(train.get(1)) + " -> label " + trainLabels[1]);

        // Right padding (POST) keeps every sequence starting at step 0; the mask marks the zeros after it.
        Tensor xTrain = Sequences.pad(train, MAX_LENGTH, Padding.POST, Truncating.POST, 0);
        Tensor xTest = Sequences.pad(test, MAX_LENGTH, Padding.POST, Truncating.POST, 0);
        Tensor yTrain = Tensor.of(trainLabels, trainLabels.length);
        Tensor yTest = Tensor.of(testLabels, testLabels.length);

        int ones = 0;
        for (int label : testLabels) ones += label;
        double baseline = Math.max(ones, testLabels.length - ones) / (double) testLabels.length;
        long start = System.nanoTime();
        double masked = train(true, xTrain, yTrain, xTest, yTest);
        double unmasked = train(false, xTrain, yTrain, xTest, yTest);
        System.out.printf("test accuracy, 500 sequences of 4-50 tokens:%n");
        System.out.printf("  majority class baseline         %.3f%n", baseline);
        System.out.printf("  Embedding(maskZero) + LSTM      %.3f%n", masked);
        System.out.printf("  Embedding + LSTM, no mask       %.3f%n", unmasked);
        System.out.printf("(both models trained in %.1f s)%n", (System.nanoTime() - start) / 1e9);
    }
}
