package dev.fathom.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.Arrays;

/**
 * Reads one image's {@code "pixels"} from a request: nested JSON arrays of numbers, shaped
 * {@code [channels][height][width]}, or {@code [height][width]} for a one-channel model. The
 * result is the image's values in that order (channels first), ready to stack into the
 * {@code [n, channels, height, width]} tensor an image pipeline predicts from.
 *
 * <p>Refusals say which record, which position and what was expected, e.g. {@code record 0,
 * field 'pixels': pixels[3] has 27 values, but an image is 28 wide}.
 */
final class PixelReader {
    private final int channels;
    private final int height;
    private final int width;

    /** For images of {@code shape = {channels, height, width}}. */
    PixelReader(int[] shape) {
        this.channels = shape[0];
        this.height = shape[1];
        this.width = shape[2];
    }

    /** Values per image: channels × height × width. */
    int size() {
        return channels * height * width;
    }

    /** The pixels of record {@code index}; the parser stands on the array's opening bracket. */
    float[] read(JsonParser p, int index) throws IOException {
        Walk walk = new Walk(p, index);
        walk.array(0);
        int[] dims = Arrays.copyOf(walk.lengths, walk.depth);
        boolean fits = Arrays.equals(dims, new int[] {channels, height, width})
                || channels == 1 && Arrays.equals(dims, new int[] {height, width});
        if (!fits) {
            throw new ApiException(400, "record " + index + ", field 'pixels': the pixels are shaped "
                    + shape(dims) + ", but the model takes images of " + channels + "×" + height + "×" + width
                    + " (channels×height×width): send " + expected(), index, RecordReader.PIXELS);
        }
        return walk.values;
    }

    private String expected() {
        String chw = shape(new int[] {channels, height, width});
        return channels == 1 ? shape(new int[] {height, width}) + " or " + chw : chw;
    }

    private static String shape(int[] dims) {
        StringBuilder s = new StringBuilder();
        for (int d : dims) s.append('[').append(d).append(']');
        return s.isEmpty() ? "[]" : s.toString();
    }

    /**
     * One pass over nested arrays: values in order, and each level's length, which must not vary.
     * The path of a value ({@code pixels[3][27]}) is spelled out only for a refusal: building it for
     * each of an image's values cost more than reading them.
     */
    private final class Walk {
        final JsonParser p;
        final int index;
        final float[] values = new float[size()];
        final int[] lengths = new int[16];
        /** The position within each open level, for a refusal's path. */
        final int[] at = new int[16];
        int count;
        int depth = -1;   // the level that holds numbers, once seen

        Walk(JsonParser p, int index) {
            this.p = p;
            this.index = index;
            Arrays.fill(lengths, -1);
        }

        void array(int level) throws IOException {
            if (level >= lengths.length) throw refuse(path(level) + " is nested too deeply for an image");
            int n = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                at[level] = n;
                if (t == JsonToken.START_ARRAY) {
                    if (depth == level + 1) throw refuse(path(level + 1) + " is an array where numbers were expected");
                    array(level + 1);
                } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    if (depth < 0) depth = level + 1;
                    if (depth != level + 1) throw refuse(path(level + 1) + " is a number where an array was expected");
                    if (count == values.length) {
                        throw refuse("more values than an image of " + channels + "×" + height + "×" + width
                                + " holds; send " + expected());
                    }
                    float v = p.getFloatValue();
                    if (!Float.isFinite(v)) throw refuse(path(level + 1) + " is " + p.getText() + ", not a finite float32 number");
                    values[count++] = v;
                } else {
                    throw refuse(path(level + 1) + " is " + RecordReader.describe(t) + "; pixels are numbers");
                }
                n++;
            }
            if (n == 0) throw refuse(path(level) + " is empty");
            if (lengths[level] < 0) {
                lengths[level] = n;
            } else if (lengths[level] != n) {
                throw refuse(path(level) + " has " + n + " entries, but the arrays before it at that level have "
                        + lengths[level]);
            }
        }

        /** {@code pixels} and the positions of the {@code levels} arrays around the current one: {@code pixels[3][5]}. */
        private String path(int levels) {
            StringBuilder s = new StringBuilder(RecordReader.PIXELS);
            for (int i = 0; i < levels; i++) s.append('[').append(at[i]).append(']');
            return s.toString();
        }

        private ApiException refuse(String why) {
            return new ApiException(400, "record " + index + ", field 'pixels': " + why, index, RecordReader.PIXELS);
        }
    }
}
