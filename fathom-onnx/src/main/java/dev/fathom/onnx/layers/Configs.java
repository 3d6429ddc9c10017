package dev.fathom.onnx.layers;

import dev.fathom.saving.ConfigMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading and writing the integer lists of the ONNX layers' configs. */
final class Configs {
    private Configs() {
    }

    static List<Integer> list(int[] values) {
        List<Integer> l = new ArrayList<>(values.length);
        for (int v : values) l.add(v);
        return l;
    }

    static int[] ints(ConfigMap c, String key) {
        int[] v = c.integers(key, new int[0]);
        return v == null ? new int[0] : v;
    }

    static int[] ints(Map<String, Object> config, String owner, String key) {
        return ints(new ConfigMap(owner, config), key);
    }

    /** The NumPy broadcast of two shapes, right-aligned; null when they do not broadcast. */
    static int[] broadcast(int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int x = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
            int y = i - (n - b.length) >= 0 ? b[i - (n - b.length)] : 1;
            if (x != y && x != 1 && y != 1) return null;
            out[i] = x == 1 ? y : x;
        }
        return out;
    }

    /** {@code shape} with ones added on the left up to {@code rank} axes. */
    static int[] leftPad(int[] shape, int rank) {
        int[] out = new int[rank];
        java.util.Arrays.fill(out, 1);
        System.arraycopy(shape, 0, out, rank - shape.length, shape.length);
        return out;
    }

    /** {@code [batch, shape...]}. */
    static int[] withBatch(int batch, int[] shape) {
        int[] out = new int[shape.length + 1];
        out[0] = batch;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }
}
