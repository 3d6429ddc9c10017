package dev.fathom.data.images;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.List;

/** Augmentations applied one after another with one generator: what {@link Augmentation#of} returns. */
record AugmentationChain(List<Augmentation> steps) implements Augmentation {

    @Override
    public Tensor apply(Tensor batch, Generator random) {
        Tensor out = batch;
        for (Augmentation step : steps) out = step.apply(out, random);
        return out;
    }

    @Override
    public String toString() {
        return "Augmentation.of" + steps.toString().replace('[', '(').replace(']', ')');
    }
}
