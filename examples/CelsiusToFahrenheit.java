// Run: ./fathom examples/CelsiusToFahrenheit.java
//
// The smallest model there is: one Dense unit, y = w·x + b, learns to turn Celsius into Fahrenheit
// from seven examples. The true formula is F = 1.8·C + 32, so training should find w ≈ 1.8, b ≈ 32.

import dev.fathom.layers.Dense;
import dev.fathom.layers.Layer;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.models.Fit;
import dev.fathom.models.History;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Tensor;

public class CelsiusToFahrenheit {
    public static void main(String[] args) {
        // 1. The data: seven readings, one feature each, so the shapes are [7, 1].
        float[] celsius = {-40, -10, 0, 8, 15, 22, 38};
        float[] fahrenheit = {-40, 14, 32, 46.4f, 59, 71.6f, 100.4f};
        Tensor x = Tensor.of(celsius, 7, 1);
        Tensor y = Tensor.of(fahrenheit, 7, 1);

        // 2. The model: one layer with one unit, no activation — a straight line.
        Sequential model = new Sequential(new Dense(1));
        model.seed(1);

        // 3. How to learn: Adam moves w and b to shrink the mean squared error.
        model.compile(new Adam(0.1), new MeanSquaredError());
        History history = model.fit(x, y, Fit.epochs(1500).batchSize(7).verbosity(Fit.Verbosity.SILENT));
        System.out.printf("loss after epoch 1: %.1f, after epoch %d: %.5f%n",
                history.get("loss")[0], history.epochs(), history.last("loss"));

        // 4. What it learned: the layer's two weights are the slope and the offset.
        Layer dense = model.layers().get(0);
        double w = dense.weights().get(0).value().item();
        double b = dense.weights().get(1).value().item();
        System.out.printf("learned:  F = %.4f × C + %.4f%n", w, b);
        System.out.println("formula:  F = 1.8 × C + 32");

        // 5. Use it.
        double boiling = model.predict(Tensor.of(new float[] {100}, 1, 1)).item();
        System.out.printf("100 °C -> %.2f °F (exact: 212)%n", boiling);
    }
}
