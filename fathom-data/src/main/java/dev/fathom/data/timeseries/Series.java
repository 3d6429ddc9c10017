package dev.fathom.data.timeseries;

import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One series read into row-major floats, time along the rows: what {@link SlidingWindows} cuts. */
record Series(String name, float[] values, int length, int features) {

    /**
     * Reads and checks the series: each rank 1 or 2, not empty, all with the same number of features.
     *
     * @throws IllegalArgumentException naming the series that breaks a rule
     */
    static List<Series> of(List<Tensor> tensors) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("SlidingWindows: give at least one series");
        List<Series> out = new ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            String name = tensors.size() == 1 ? "the series" : "series " + i;
            if (t == null) throw new IllegalArgumentException("SlidingWindows: " + name + " is null");
            if (t.rank() != 1 && t.rank() != 2) {
                throw new IllegalArgumentException("SlidingWindows: " + name + " has shape " + Arrays.toString(t.shape())
                        + "; a series is [time] or [time, features], time along axis 0");
            }
            int features = t.rank() == 1 ? 1 : t.shape(1);
            if (t.shape(0) == 0 || features == 0) {
                throw new IllegalArgumentException("SlidingWindows: " + name + " is empty, shape " + Arrays.toString(t.shape()));
            }
            if (!out.isEmpty() && features != out.getFirst().features()) {
                throw new IllegalArgumentException("SlidingWindows: " + name + " has " + features + " features but series 0 has "
                        + out.getFirst().features() + "; all series need the same features, in the same order");
            }
            out.add(new Series(name, t.toFloatArray(), t.shape(0), features));
        }
        return out;
    }
}
