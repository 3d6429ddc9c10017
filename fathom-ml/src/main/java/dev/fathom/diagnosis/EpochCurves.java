package dev.fathom.diagnosis;

import dev.fathom.models.History;

import java.util.Arrays;
import java.util.Objects;

/**
 * One quantity's values per epoch on the training data and, when there was any, on the validation
 * data: {@code loss} and {@code val_loss}, or {@code accuracy} and {@code val_accuracy}. Read from a
 * {@link History}, or built from plain arrays (a CSVLogger file, another library's logs).
 *
 * <pre>{@code
 * EpochCurves loss = EpochCurves.from(history, "loss");            // loss and val_loss
 * EpochCurves acc = EpochCurves.of("accuracy", new double[] {0.5, 0.8, 0.9}, new double[] {0.5, 0.7, 0.72});
 * acc.higherIsBetter();                                                 // true
 * }</pre>
 *
 * @param name       the training key, e.g. {@code "loss"}; the validation key is {@code "val_" + name}
 * @param train      one value per epoch on the training data
 * @param validation one value per epoch on the validation data, or {@code null} when there was none
 */
public record EpochCurves(String name, double[] train, double[] validation) {

    /** Checks the arrays and copies them, so the curve cannot change afterwards. */
    public EpochCurves {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a learning curve needs a name, e.g. \"loss\"");
        Objects.requireNonNull(train, "train");
        if (train.length == 0) {
            throw new IllegalArgumentException("learning curve '" + name + "' has no epochs; diagnose a history after fit has run at least one epoch");
        }
        if (validation != null && validation.length != train.length) {
            throw new IllegalArgumentException("learning curve '" + name + "': " + train.length + " training values but "
                    + validation.length + " validation values; give one of each per epoch");
        }
        train = train.clone();
        validation = validation == null ? null : validation.clone();
    }

    /** A curve from arrays; {@code validation} may be {@code null}. */
    public static EpochCurves of(String name, double[] train, double[] validation) {
        return new EpochCurves(name, train, validation);
    }

    /**
     * The curve of {@code key} and {@code val_key} in {@code history}; without {@code val_key} the
     * curve has no validation values.
     *
     * @throws IllegalArgumentException when the history lacks {@code key}, naming the keys it has
     */
    public static EpochCurves from(History history, String key) {
        Objects.requireNonNull(history, "history");
        if (history.epochs() == 0) {
            throw new IllegalArgumentException("the history has no epochs; diagnose the History that fit returned after at least one epoch");
        }
        if (!history.keys().contains(key)) {
            throw new IllegalArgumentException("the history has no '" + key + "'; it has " + history.keys()
                    + (key.startsWith("val_") ? "; pass the training key, e.g. '" + key.substring(4) + "'" : ""));
        }
        String val = "val_" + key;
        return new EpochCurves(key, history.get(key), history.keys().contains(val) ? history.get(val) : null);
    }

    /** The number of epochs. */
    public int epochs() {
        return train.length;
    }

    /** Whether there are validation values. */
    public boolean hasValidation() {
        return validation != null;
    }

    /** The validation key, {@code "val_" + name}. */
    public String validationName() {
        return "val_" + name;
    }

    /**
     * Whether a larger value is better: scores named with {@code acc}, {@code auc},
     * {@code precision}, {@code recall}, {@code f1} or {@code r2} (as Keras infers for its
     * callbacks, plus R²); losses and errors go down.
     */
    public boolean higherIsBetter() {
        return higherIsBetter(name);
    }

    static boolean higherIsBetter(String key) {
        // fit logs metrics under MetricRegistry's names; other curves (a user's own) are read from their words,
        // none of which "val_" holds
        var known = History.metricOf(key);
        if (known.isPresent()) return known.get().greaterIsBetter();
        for (String up : new String[] {"acc", "auc", "precision", "recall", "f1", "r2"}) if (key.contains(up)) return true;
        return false;
    }

    /** A copy of the training values. */
    @Override
    public double[] train() {
        return train.clone();
    }

    /** A copy of the validation values, or {@code null}. */
    @Override
    public double[] validation() {
        return validation == null ? null : validation.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EpochCurves c && name.equals(c.name) && Arrays.equals(train, c.train)
                && Arrays.equals(validation, c.validation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(train), Arrays.hashCode(validation));
    }

    @Override
    public String toString() {
        return "EpochCurves[" + name + "=" + Arrays.toString(train)
                + (validation == null ? "" : ", " + validationName() + "=" + Arrays.toString(validation)) + "]";
    }
}
