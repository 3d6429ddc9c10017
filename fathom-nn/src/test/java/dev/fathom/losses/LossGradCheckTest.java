package dev.fathom.losses;

import dev.fathom.tensor.GradCheck;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Float64 central-difference checks of each loss's gradient with respect to the predictions
 * (targets held fixed), with inputs kept away from the kinks (|error| = 0 for MAE, |error| = delta
 * for Huber, the clipping bounds of probabilities).
 */
class LossGradCheckTest {
    private final Generator g = new Generator(7);

    @Test
    void meanSquaredError() {
        Tensor target = GradCheck.randn(g, 4, 3);
        GradCheck.check("MeanSquaredError", p -> new MeanSquaredError().compute(p, target), GradCheck.randn(g, 4, 3));
    }

    @Test
    void meanSquaredErrorColumnAgainstFlatTargets() {
        Tensor target = GradCheck.randn(g, 5);
        GradCheck.check("MeanSquaredError [5,1] vs [5]", p -> new MeanSquaredError().compute(p, target), GradCheck.randn(g, 5, 1));
    }

    @Test
    void meanAbsoluteError() {
        Tensor pred = GradCheck.randn(g, 4, 3);
        Tensor target = pred.sub(GradCheck.awayFromZero(g, 4, 3));
        GradCheck.check("MeanAbsoluteError", p -> new MeanAbsoluteError().compute(p, target), pred);
    }

    @Test
    void huberOnBothSidesOfDelta() {
        // Errors in ±[0.2, 2): some below delta = 0.8 (quadratic), some above (linear); none within 0.05 of it.
        double[] e = GradCheck.awayFromZero(g, 6, 4).toDoubleArray();
        for (int i = 0; i < e.length; i++) if (Math.abs(Math.abs(e[i]) - 0.8) < 0.05) e[i] *= 1.2;
        Tensor target = GradCheck.randn(g, 6, 4);
        Tensor pred = target.add(Tensor.of(e, 6, 4));
        GradCheck.check("Huber", p -> new Huber(0.8).compute(p, target), pred);
    }

    @Test
    void binaryCrossentropyFromLogits() {
        Tensor target = Tensor.of(new double[] {1, 0, 0.3, 1, 0, 1, 0.5, 0}, 4, 2);
        Tensor logits = GradCheck.randn(g, 4, 2).mul(4);
        GradCheck.check("BinaryCrossentropy(logits)", p -> new BinaryCrossentropy(true).compute(p, target), logits);
    }

    @Test
    void binaryCrossentropyFromProbabilities() {
        Tensor target = Tensor.of(new double[] {1, 0, 0.3, 1, 0, 1, 0.5, 0}, 4, 2);
        GradCheck.check("BinaryCrossentropy(probabilities)", p -> new BinaryCrossentropy(false).compute(p, target),
                GradCheck.uniform(g, 0.05, 0.95, 4, 2));
    }

    @Test
    void categoricalCrossentropyFromLogits() {
        Tensor target = Tensor.of(new double[] {1, 0, 0, 0, 0, 0, 1, 0, 0.2, 0.3, 0.1, 0.4}, 3, 4);
        GradCheck.check("CategoricalCrossentropy(logits)", p -> new CategoricalCrossentropy(true).compute(p, target),
                GradCheck.randn(g, 3, 4).mul(3));
    }

    @Test
    void categoricalCrossentropyFromProbabilities() {
        // Rows that do not sum to 1: the gradient goes through Keras' rescaling as well.
        Tensor target = Tensor.of(new double[] {1, 0, 0, 0, 0, 0, 1, 0, 0.2, 0.3, 0.1, 0.4}, 3, 4);
        GradCheck.check("CategoricalCrossentropy(probabilities)", p -> new CategoricalCrossentropy(false).compute(p, target),
                GradCheck.uniform(g, 0.1, 0.9, 3, 4));
    }

    @Test
    void sparseCategoricalCrossentropyFromLogits() {
        Tensor target = Tensor.of(new int[] {2, 0, 3, 1, 3});
        GradCheck.check("SparseCategoricalCrossentropy(logits)",
                p -> new SparseCategoricalCrossentropy(true).compute(p, target), GradCheck.randn(g, 5, 4).mul(3));
    }

    @Test
    void sparseCategoricalCrossentropyFromProbabilitiesAndFloatColumnTargets() {
        Tensor target = Tensor.of(new double[] {2, 0, 1}, 3, 1);
        GradCheck.check("SparseCategoricalCrossentropy(probabilities)",
                p -> new SparseCategoricalCrossentropy(false).compute(p, target), GradCheck.uniform(g, 0.1, 0.9, 3, 3));
    }

    @Test
    void sparseCategoricalCrossentropyOverSpatialAxes() {
        // Segmentation-style: [batch, h, w, classes] logits against [batch, h, w] labels.
        Tensor target = Tensor.of(new int[] {0, 2, 1, 1, 2, 0, 0, 1}, 2, 2, 2);
        GradCheck.check("SparseCategoricalCrossentropy [2,2,2,3]",
                p -> new SparseCategoricalCrossentropy(true).compute(p, target), GradCheck.randn(g, 2, 2, 2, 3));
    }
}
