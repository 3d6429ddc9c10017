package dev.fathom.workflow;

import dev.fathom.autograd.GradMode;
import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.Weight;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Functional;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Tensor;

import java.util.function.Supplier;

/**
 * "Pretrained features + logistic regression": a frozen pretrained body's outputs, standardized,
 * into a {@link LogisticRegression}. Once fitted it is one network ({@link #network()}): the body,
 * then a Dense layer holding the regression's coefficients with the standardization folded in, so
 * the saved pipeline is an ordinary {@link NetworkClassifier} that predicts from raw images what
 * this estimator predicts (the same probabilities, to float32 rounding).
 *
 * <p>Only the fitted whole becomes a network, so the workflow keeps this estimator out of
 * ensembles, whose members are saved as they are.
 */
final class PretrainedFeatures implements Classifier {
    private final Supplier<Functional> body;
    private final double c;
    private NetworkClassifier network;

    /** Features from fresh frozen copies of {@code body}; the regression's inverse regularization strength {@code c}. */
    PretrainedFeatures(Supplier<Functional> body, double c) {
        this.body = body;
        this.c = c;
    }

    @Override
    public PretrainedFeatures fit(Tensor x, Tensor y) {
        Functional b = body.get();
        Tensor features = b.predict(x);
        int n = features.shape(0);
        int f = features.size() / n;
        double[] v = features.reshape(n, f).toDoubleArray();
        // Standardized as the table path's StandardizedEstimator does: mean 0, deviation 1, a constant column left at scale 1.
        double[] mean = new double[f], sd = new double[f];
        for (int i = 0; i < n; i++) for (int j = 0; j < f; j++) mean[j] += v[i * f + j];
        for (int j = 0; j < f; j++) mean[j] /= n;
        for (int i = 0; i < n; i++) for (int j = 0; j < f; j++) sd[j] += (v[i * f + j] - mean[j]) * (v[i * f + j] - mean[j]);
        for (int j = 0; j < f; j++) {
            sd[j] = Math.sqrt(sd[j] / n);
            if (!(sd[j] > 1e-12)) sd[j] = 1;
        }
        double[] z = new double[n * f];
        for (int i = 0; i < n; i++) for (int j = 0; j < f; j++) z[i * f + j] = (v[i * f + j] - mean[j]) / sd[j];
        LogisticRegression lr = new LogisticRegression(c).fit(Tensor.of(z, n, f), y);
        int classes = lr.classCount();
        double[][] coef = lr.coefficients();
        double[] intercept = lr.intercept();
        // logits = ((x - mean) / sd) W + b = x (W / sd) + (b - sum_j mean_j W_j / sd_j); two classes: [0, z] gives softmax = sigmoid.
        int outputs = intercept.length;
        int offset = classes - outputs;
        float[] kernel = new float[f * classes];
        float[] bias = new float[classes];
        for (int k = 0; k < outputs; k++) {
            double b0 = intercept[k];
            for (int j = 0; j < f; j++) {
                kernel[j * classes + k + offset] = (float) (coef[j][k] / sd[j]);
                b0 -= coef[j][k] * mean[j] / sd[j];
            }
            bias[k + offset] = (float) b0;
        }
        Dense head = new Dense(classes);
        head.name(BaseNetwork.HEAD);
        Functional net = features.rank() > 2 ? b.then(new Flatten().name(BaseNetwork.FLATTEN), head) : b.then(head);
        try (var scope = GradMode.noGrad()) {
            for (Weight w : head.weights()) {
                if (w.name().equals("kernel")) w.value().assign(Tensor.of(kernel, f, classes));
                if (w.name().equals("bias")) w.value().assign(Tensor.of(bias, classes));
            }
        }
        net.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true));
        network = NetworkClassifier.trained(net, classes);
        return this;
    }

    @Override
    public Tensor predictProba(Tensor x) {
        return network().predictProba(x);
    }

    @Override
    public int classCount() {
        return network().classCount();
    }

    /** The fitted whole as one network: body, folded regression head. */
    NetworkClassifier network() {
        if (network == null) throw new IllegalStateException("PretrainedFeatures is not fitted; call fit(x, y) first");
        return network;
    }

    @Override
    public String toString() {
        return "PretrainedFeatures[C=" + c + "]";
    }
}
