package dev.fathom.layers;

import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * The built-in regularizers: {@code l1 * sum(|w|) + l2 * sum(w²)}, named as the factory that made
 * them ({@code "l1"}, {@code "l2"} or {@code "l1l2"}) so that the config lists the factors that
 * factory takes.
 */
record ElementPenalty(String name, double l1, double l2) implements Regularizer {

    ElementPenalty {
        if (!(l1 >= 0 && l2 >= 0) || Double.isInfinite(l1) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("regularization factors must be finite and >= 0, got l1=" + l1 + ", l2=" + l2);
        }
    }

    @Override
    public Tensor penalty(Tensor w) {
        Tensor p = null;
        if (l1 > 0) p = w.abs().sum().mul(l1);
        if (l2 > 0) p = p == null ? w.square().sum().mul(l2) : p.add(w.square().sum().mul(l2));
        return p == null ? w.sum().mul(0) : p;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = Regularizer.super.config();
        if (!name.equals("l2")) c.put("l1", l1);
        if (!name.equals("l1")) c.put("l2", l2);
        return c;
    }
}
