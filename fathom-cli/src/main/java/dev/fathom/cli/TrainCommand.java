package dev.fathom.cli;

import dev.fathom.backend.Backends;
import dev.fathom.backend.Device;
import dev.fathom.backend.DeviceUnavailableException;
import dev.fathom.data.CsvReader;
import dev.fathom.data.CsvReport;
import dev.fathom.data.Names;
import dev.fathom.data.Table;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.workflow.Fathom;
import dev.fathom.workflow.StopSignal;
import dev.fathom.workflow.TaskRunner;
import dev.fathom.workflow.TrainOptions;
import dev.fathom.workflow.TrainResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code fathom train DATA}: the practitioner's process from the command line, a thin layer over
 * {@link Fathom#train}. DATA is a CSV/TSV file (with {@code --target}), a folder with one
 * sub-folder of images per class, or the name of a built-in data set. Ctrl-C stops cleanly and
 * keeps the best model so far.
 *
 * <pre>
 * ./fathom train digits
 * ./fathom train houses.csv --target price --out runs/houses --time-budget 5m --seed 7
 * ./fathom train photos/ --out runs/photos
 * ./fathom train photos/ --base resnet18.onnx --base-mean 0.485,0.456,0.406 --base-std 0.229,0.224,0.225
 * ./fathom train digits --spark spark://host:7077    # each (model, fold) a Spark task (fathom-spark)
 * ./fathom train digits --device cuda       # the networks on the GPU, the other models on the CPU
 * </pre>
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Define, prepare, evaluate, improve and present: train the best model for DATA, printing every decision"
                + " with its reason, and write model.fathom, predictions.csv and report.html."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:trained and saved", "1:bad input (file, target, output folder): the message says what and where",
                "2:bad command-line usage", "130:stopped by Ctrl-C (or SIGTERM); the best model so far was saved with its report"})
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATA",
            description = "a CSV or TSV file, a folder with one sub-folder of images per class, or a built-in data set: "
                    + "iris, wine, breast_cancer, digits, diabetes, sunspots (a time series)")
    String data;

    @Option(names = "--target", paramLabel = "COLUMN", split = ",", description = "the column to predict (required for a file; built-in"
            + " data sets know theirs); several numeric columns, comma-separated or by repeating --target, are predicted together"
            + " (multi-output regression)")
    java.util.List<String> target;

    @Option(names = "--time-column", paramLabel = "COLUMN",
            description = "the rows are a time series ordered by this column (dates or numbers): forecast the target's next value"
                    + " from its past ones, test on the latest span, and try recurrent networks")
    String timeColumn;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: fathom-runs/<data name>)")
    Path out;

    @Option(names = "--time-budget", paramLabel = "TIME", defaultValue = "90s", converter = DurationConverter.class,
            description = "time for evaluating and improving models, e.g. 90s, 5m, 1h30m (default: ${DEFAULT-VALUE})")
    Duration timeBudget;

    @Option(names = "--max-epochs", paramLabel = "N", defaultValue = "" + TrainOptions.DEFAULT_MAX_EPOCHS,
            description = "the most epochs each network trains; early stopping usually ends sooner, and a small number gives a quick"
                    + " trial run of every step (default: ${DEFAULT-VALUE})")
    int maxEpochs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "seed of the split, folds, models and search (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--spark", paramLabel = "MASTER_URL",
            description = "run the cross-validation's (model, fold) tasks on Apache Spark at MASTER_URL (local[*], spark://HOST:7077,"
                    + " yarn): the same leaderboard as without it; needs fathom-spark and Spark 4.2 on the class path")
    String spark;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu",
            description = "where the networks train: cpu, cuda or cuda:N; linear models, k-NN and the dummy stay on the CPU, and the"
                    + " saved model predicts on any machine (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--base", paramLabel = "NET.onnx",
            description = "start from a pretrained network (an image folder only): images are resized to its input [N, C, H, W], and"
                    + " the spot-check adds its frozen body's features + logistic regression and a fine-tuned network (body frozen,"
                    + " new head)")
    Path base;

    @Option(names = "--base-mean", paramLabel = "M", split = ",",
            description = "with --base: subtract these means from the [0, 1] pixels, one per channel or one for all"
                    + " (ImageNet: 0.485,0.456,0.406)")
    java.util.List<Double> baseMean;

    @Option(names = "--base-std", paramLabel = "S", split = ",",
            description = "with --base: then divide by these standard deviations, one per channel or one for all"
                    + " (ImageNet: 0.229,0.224,0.225)")
    java.util.List<Double> baseStd;

    @Option(names = "--base-cut", paramLabel = "NODE",
            description = "with --base: the node the body ends at (default: the input of the last Gemm/MatMul, the classifier)")
    String baseCut;

    @CommandLine.Mixin
    CsvReadOptions csv;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        StopSignal stop = new StopSignal();
        TrainOptions options = TrainOptions.defaults().seed(seed).timeBudget(timeBudget).stopSignal(stop).progress(line -> {
            synchronized (w) {   // StopOnCtrlC's quit holds w while it exits: no line can follow its last one
                w.println(line);
                w.flush();
            }
        });
        options = options.device(usableDevice());
        if (maxEpochs < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--max-epochs must be at least 1, got " + maxEpochs);
        options = options.maxEpochs(maxEpochs);
        if (out != null) options = options.outputDir(out);
        if (timeColumn != null) options = options.timeColumn(timeColumn);
        options = withBase(options);
        if (spark != null) options = options.tasks((TaskRunner) SparkBridge.call("--spark", "tasks", new Class<?>[] {String.class}, spark));
        // Ctrl-C: ask training to stop; the run then saves the best model so far and its report, and returns.
        try (var _ = StopOnCtrlC.install(stop, w)) {
            TrainResult result = run(options);
            return result.interrupted() ? StopOnCtrlC.EXIT_CODE : 0;
        }
    }

    /** {@code --base} and its options; they need an image folder, and the base-* options need --base. */
    private TrainOptions withBase(TrainOptions options) {
        if (base == null) {
            String stray = baseMean != null ? "--base-mean" : baseStd != null ? "--base-std" : baseCut != null ? "--base-cut" : null;
            if (stray != null) throw new CommandLine.ParameterException(spec.commandLine(), stray + " goes with --base NET.onnx; add --base");
            return options;
        }
        if (!Files.isDirectory(Path.of(data))) {
            throw new IllegalArgumentException("--base needs an image folder with one sub-folder per class, but " + data + " is "
                    + (Files.isRegularFile(Path.of(data)) ? "a file" : "not a folder") + "; leave --base out to train on a table");
        }
        dev.fathom.workflow.PretrainedBase b = dev.fathom.workflow.PretrainedBase.of(base);
        try {
            if (baseMean != null) b = b.mean(baseMean.stream().mapToDouble(Double::doubleValue).toArray());
            if (baseStd != null) b = b.std(baseStd.stream().mapToDouble(Double::doubleValue).toArray());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), (baseMean != null && e.getMessage().contains("mean")
                    ? "--base-mean: " : "--base-std: ") + e.getMessage());
        }
        return options.base(b.cut(baseCut));
    }

    /** {@code --device}, parsed and checked before any work: an unusable one is one line with the backend's reason. */
    private Device usableDevice() {
        Device d;
        try {
            d = Device.parse(device);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--device: " + e.getMessage());
        }
        if (Backends.isAvailable(d)) return d;
        String why;
        try {
            Backends.of(d);
            why = "device " + d + " is not usable";
        } catch (DeviceUnavailableException e) {
            why = e.getMessage();
        }
        throw new IllegalArgumentException("--device " + device + ": " + why + "; train on the CPU with --device cpu");
    }

    private TrainResult run(TrainOptions options) {
        Path path = Path.of(data);
        if (Files.isDirectory(path)) {
            if (target != null && !target.isEmpty()) {
                throw new IllegalArgumentException("--target names a table column, but " + path + " is a folder of images whose classes"
                        + " are its sub-folders; leave --target out");
            }
            if (timeColumn != null) {
                throw new IllegalArgumentException("--time-column orders the rows of a table, but " + path + " is a folder of images;"
                        + " leave --time-column out");
            }
            try {
                return Fathom.trainImages(path, options);
            } catch (IllegalArgumentException e) {
                if (!Datasets.tabularNames().contains(data)) throw e;
                // A folder that shadows a built-in data set's name (often an earlier run's output folder).
                throw new IllegalArgumentException(e.getMessage() + "; to train on the built-in data set '" + data + "' instead, run"
                        + " from a folder without a '" + data + "' sub-folder", e);
            }
        }
        if (Files.isRegularFile(path)) {
            CsvReport report = CsvReader.load(path, csv.options());
            DataArgument.say(report, spec.commandLine().getOut(), spec.commandLine().getErr());
            Table table = report.table();
            if (target == null || target.isEmpty()) {
                throw new IllegalArgumentException("which column of " + path + " should be predicted? Add --target COLUMN; the columns are "
                        + table.columnNames());
            }
            String name = path.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            return Fathom.train(name, table, target, options);
        }
        if (Datasets.tabularNames().contains(data)) {
            TabularDataset dataset = Datasets.load(data);
            if (target != null && !target.equals(java.util.List.of(dataset.targetName()))) {
                throw new IllegalArgumentException("the built-in data set '" + data + "' predicts '" + dataset.targetName()
                        + "'; leave --target out (or save it as CSV to predict another column)");
            }
            return Fathom.train(dataset, options);
        }
        if (Datasets.imageNames().contains(data)) {
            throw new IllegalArgumentException("'" + data + "' is a built-in image data set of 60,000 images, too large for fathom train's"
                    + " time budget; train on a folder of images per class, or see examples/FashionMnistCnn.java");
        }
        String near = Names.closest(data, Datasets.tabularNames());
        throw new IllegalArgumentException("no file, folder or built-in data set named '" + data + "'"
                + (near != null ? "; did you mean '" + near + "'?" : "") + " Built-in data sets: " + Datasets.tabularNames());
    }

    /** "90s", "5m", "1h30m", "2m30s", or ISO-8601 "PT5M". */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern PARTS = Pattern.compile("(\\d+)([hms])");

        @Override
        public Duration convert(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (t.startsWith("pt")) return Duration.parse(text.trim());
            if (t.matches("\\d+")) return Duration.ofSeconds(Long.parseLong(t));
            if (!t.matches("(\\d+[hms])+")) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not a duration; write e.g. 90s, 5m or 1h30m");
            }
            Duration d = Duration.ZERO;
            Matcher m = PARTS.matcher(t);
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                d = d.plus(switch (m.group(2)) {
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                });
            }
            if (d.isZero()) throw new CommandLine.TypeConversionException("the time budget must be positive, got '" + text + "'");
            return d;
        }
    }
}
