package dev.fathom.spark;

import dev.fathom.models.History;
import dev.fathom.models.Model;

/**
 * What {@link SparkTraining#fit} returns: the trained model (on the driver, with its optimizer state
 * and training position, as a model file holds them) and the epochs' logs.
 *
 * <pre>{@code
 * SparkFit r = SparkTraining.on(spark).tasks(2).fit(model, x, y, Fit.epochs(5).batchSize(64));
 * r.model().save(Path.of("mlp.fathom"));
 * double lastLoss = r.history().last("loss");
 * }</pre>
 *
 * @param model   the replicas' model after the last epoch (task 0's, checked equal to every task's)
 * @param history each epoch's logs: {@code loss} and the metrics over every task's samples (the tasks'
 *                values weighted by the samples each saw), and {@code lr}
 */
public record SparkFit(Model model, History history) {}
