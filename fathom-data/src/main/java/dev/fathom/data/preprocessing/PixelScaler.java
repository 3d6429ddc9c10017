package dev.fathom.data.preprocessing;

import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.saving.ConfigMap;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scales pixel intensities from {@code [0, maxValue]} to [0, 1] by dividing by {@code maxValue}
 * (255 for 8-bit images), for images stored one pixel per column (digits, MNIST as CSV) or as a
 * tensor. Unlike {@link MinMaxScaler} it learns nothing from the data: the range is a property of
 * the image format, so a pixel that is dark in every training image still scales the same way.
 * {@link #fit} only records the columns and checks their values; a value outside
 * {@code [0, maxValue]} is an error naming the column, row and value, since it means the data are
 * not pixels of that depth.
 *
 * <pre>{@code
 * Table pixels = Table.of(NumericColumn.of("p0", 0, 128, 255), NumericColumn.of("p1", 17, 0, 3));
 * Table scaled = new PixelScaler().fitTransform(pixels);        // p0 [0.0, 0.50196..., 1.0]
 * Tensor images = new PixelScaler().scale(Tensor.of(new float[] {0, 51, 255}, 1, 3));   // [[0, 0.2, 1]]
 * new PixelScaler(65535);                                        // 16-bit images
 * }</pre>
 */
public final class PixelScaler extends Transformer {
    private final double maxValue;

    /** Scales 8-bit pixels: divides by 255. */
    public PixelScaler() {
        this(255);
    }

    /**
     * @param maxValue the brightest pixel value of the format (255 for 8 bits, 65535 for 16); positive
     * @throws IllegalArgumentException when {@code maxValue} is not positive and finite
     */
    public PixelScaler(double maxValue) {
        if (!(maxValue > 0) || !Double.isFinite(maxValue)) {
            throw new IllegalArgumentException("PixelScaler: maxValue must be positive and finite (255 for 8-bit images), got " + maxValue);
        }
        this.maxValue = maxValue;
    }

    static PixelScaler create(ConfigMap c) {
        return new PixelScaler(c.number("maxValue", 255));
    }

    /** The scaler {@code config} describes (see {@link Transformer#fromConfig}). */
    public static PixelScaler fromConfig(Map<String, ?> config) {
        return (PixelScaler) Transformer.fromConfig("PixelScaler", config);
    }

    @Override
    public PixelScaler fit(Table table) {
        super.fit(table);
        return this;
    }

    /** The brightest pixel value, which maps to 1. */
    public double maxValue() {
        return maxValue;
    }

    /**
     * {@code images / maxValue} as float32, for image tensors of any shape; needs no fit.
     *
     * @throws IllegalArgumentException naming the flat index and value of the first element outside {@code [0, maxValue]}
     */
    public Tensor scale(Tensor images) {
        if (images == null) throw new IllegalArgumentException("PixelScaler.scale: the tensor is null");
        float[] v = images.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0 && v[i] <= maxValue)) {
                throw new IllegalArgumentException("PixelScaler.scale: element " + i + " of the " + java.util.Arrays.toString(images.shape())
                        + " tensor is " + v[i] + ", outside the pixel range [0, " + number(maxValue) + "]" + fix());
            }
            v[i] = (float) (v[i] / maxValue);
        }
        Tensor out = Tensor.wrap(v, images.shape());
        return images.dtype() == DType.FLOAT64 ? out.asType(DType.FLOAT64) : out;
    }

    @Override
    protected Map<String, Object> parameters() {
        return new LinkedHashMap<>(Map.of("maxValue", maxValue));
    }

    @Override
    protected void reset() {}

    @Override
    protected void fitColumn(Column column) {
        check("fit", column, Columns.numbers(column, type()));
    }

    @Override
    protected List<Column> transformColumn(Column column) {
        double[] x = check("transform", column, Columns.numbers(column, type()));
        for (int i = 0; i < x.length; i++) x[i] /= maxValue;
        return List.of(NumericColumn.of(column.name(), x));
    }

    private double[] check(String op, Column column, double[] x) {
        for (int r = 0; r < x.length; r++) {
            if (x[r] < 0 || x[r] > maxValue || Double.isInfinite(x[r])) {
                throw new IllegalArgumentException(at(op, column, r) + " is " + column.text(r) + ", outside the pixel range [0, "
                        + number(maxValue) + "]" + fix());
            }
        }
        return x;
    }

    private String fix() {
        return "; pixels of " + (maxValue == 255 ? "8-bit" : "this") + " depth lie in that range (use new PixelScaler(65535) for"
                + " 16-bit images, or MinMaxScaler / StandardScaler for data that are not pixels)";
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    protected Map<String, Object> fittedColumn(String name) {
        return new LinkedHashMap<>();
    }

    @Override
    protected void restoreColumn(String name, ConfigMap stats) {
        stats.requireOnly(java.util.Set.of());
    }
}
