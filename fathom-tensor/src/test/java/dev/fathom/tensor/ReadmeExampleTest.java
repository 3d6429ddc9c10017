package dev.fathom.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guide's tensor example (docs/guide.md, section "Tensors"), kept runnable: if this test changes, update the guide too. */
class ReadmeExampleTest {

    @Test
    void softmaxRegressionStepFromTheReadme() {
        Generator g = new Generator(42);
        Tensor x = Tensor.randn(g, 64, 784);
        Tensor w = Tensor.randn(g, 784, 10).mul(0.01).requiresGrad(true);
        Tensor b = Tensor.zeros(10).requiresGrad(true);
        Tensor labels = Tensor.of(new int[64]);

        Tensor logits = x.matmul(w).add(b);
        Tensor loss = logits.logSoftmax(1).gather(1, labels.reshape(64, 1)).neg().mean();
        loss.backward();

        assertArrayEquals(new int[] {784, 10}, w.grad().shape());
        assertArrayEquals(new int[] {10}, b.grad().shape());
        // Small random weights give near-uniform probabilities: loss close to ln(10).
        assertEquals(Math.log(10), loss.item(), 0.5);
        assertTrue(loss.toString().startsWith("tensor(2."), loss.toString());
        // d loss / d b = mean over the batch of softmax - onehot(label 0): sums to zero over classes.
        assertEquals(0, b.grad().sum().item(), 1e-5);
        assertTrue(b.grad().get(0) < 0, "the true class's logit must be pushed up");
    }

    @Test
    void readmeShapeErrorMessage() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(ShapeException.class,
                () -> Tensor.zeros(64, 784).matmul(Tensor.zeros(10, 784)));
        assertEquals("matmul: cannot multiply [64, 784] by [10, 784]: the last axis of the first (784) must equal"
                + " the second-to-last axis of the second (10)", e.getMessage());
    }
}
