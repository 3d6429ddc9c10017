/**
 * The practitioner's process as one call, {@link dev.fathom.workflow.Fathom#train}: define the
 * problem, prepare the data, evaluate several algorithms with cross-validation, improve the best,
 * present the results, printing every decision with its reason. {@code fathom train} is a thin
 * layer over it.
 *
 * <pre>{@code
 * TrainResult r = Fathom.train(Datasets.load("breast_cancer"), TrainOptions.defaults().seed(7));
 * r.leaderboard();    // the models ranked by cross-validated accuracy, mean ± std
 * r.comparison();     // is the winner better than the runner-up by more than chance?
 * r.testMetrics();    // the scores on the test split nothing touched until the end
 * r.best().predict(CsvReader.read(Path.of("new_patients.csv")));
 * }</pre>
 *
 * <p>One concept per class: {@code DefineStep} (task, warnings, dropped columns),
 * {@code PrepareStep} (each column's preprocessing), {@code TimeSeriesStep} (ordering and lag
 * features for a series), {@code Algorithms} (what is spot-checked and searched),
 * {@code Workflow} (the steps in order, the time budget, Ctrl-C), {@code Leaderboard} and
 * {@code PairedTTest} (ranking and the corrected resampled t-test), {@code Presentation} and
 * {@code TrainReport} (the test scores, diagnosis and HTML report), {@code Outputs} (the files,
 * written atomically).
 */
package dev.fathom.workflow;
