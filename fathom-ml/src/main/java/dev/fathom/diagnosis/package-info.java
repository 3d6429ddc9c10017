/**
 * Over- and underfitting diagnosis from learning curves: {@link dev.fathom.diagnosis.Diagnoser}
 * reads a {@link dev.fathom.models.History}'s training and validation loss (and a metric) and
 * returns a {@link dev.fathom.diagnosis.Diagnosis} — a {@link dev.fathom.diagnosis.Verdict}, the
 * numbers behind it ({@link dev.fathom.diagnosis.CurveSummary}) and what to try next. A
 * {@link dev.fathom.diagnosis.Baseline} (log k, the target variance, a dummy model's score) lets it
 * tell a model that learned little from one that learned well, and gives the <em>loss scale</em> that
 * sizes are weighed against: a verdict needs a curve that points its way and a change large enough
 * to matter (by default 2% of the scale), so a near-zero validation loss that doubles at accuracy
 * 1.0 is "a good fit; val_loss drifted slightly", and a near-zero training loss is never
 * underfitting. The rules, in order, are listed on {@link dev.fathom.diagnosis.Diagnoser}.
 *
 * <pre>{@code
 * History history = model.fit(x, y, Fit.epochs(50).validationSplit(0.2));
 * System.out.println(new Diagnoser().baseline(Baseline.crossEntropy(3)).diagnose(history));
 * }</pre>
 *
 * <h2>Dependencies</h2>
 * Uses {@code models} (for {@code History}) and nothing above it; plots of the same curves live in
 * the {@code fathom-plots} module.
 */
package dev.fathom.diagnosis;
