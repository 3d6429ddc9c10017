package dev.fathom.cli;

import dev.fathom.models.Model;
import dev.fathom.onnx.Onnx;
import dev.fathom.pipeline.Pipeline;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * {@code fathom export MODEL OUT.onnx}: writes a saved pipeline (what {@code fathom train} and
 * {@code Pipeline.save} write) or a saved network ({@code Model.save}) as an ONNX file that ONNX
 * Runtime, a phone or a Python service runs alone. A pipeline keeps its preprocessing, so the file
 * turns raw columns into labels and probabilities; see {@code docs/onnx.md} for its inputs and
 * outputs. What ONNX cannot say (a baseline model, a user's own layer) is refused, named.
 *
 * <pre>
 * ./fathom export iris.fathom iris.onnx       # a pipeline: raw columns in, label and probabilities out
 * ./fathom export net.fathom net.onnx         # a network saved with Model.save
 * </pre>
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a saved model as an ONNX file (opset 17) for ONNX Runtime and other runtimes.")
final class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file written by fathom train (or Pipeline.save, or Model.save)")
    Path model;

    @Parameters(index = "1", paramLabel = "OUT.onnx", description = "The ONNX file to write (atomically)")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("cannot write the ONNX file to " + out + ": it is a folder; give a file name inside it,"
                    + " e.g. " + out.resolve(baseName(model) + ".onnx"));
        }
        String what;
        if (isModelFile(model)) {
            Model m = Model.load(model);
            Onnx.save(m, out);
            what = "the network (" + m.layers().size() + " layers)";
        } else {
            Pipeline p = Pipeline.load(model);   // a pipeline, or the loader's one-line error naming the file
            Onnx.save(p, out);
            what = "the pipeline " + p + " with its preprocessing; " + (p.isClassifier() ? "outputs 'label' and 'probabilities'"
                    : "output 'prediction'");
        }
        spec.commandLine().getOut().println("Exported " + what + " to " + out + " (ONNX opset 17)");
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Whether {@code file} is a model file (Model.save: a zip holding fathom.json) rather than a pipeline file. */
    static boolean isModelFile(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.getEntry("fathom.json") != null && zip.getEntry("pipeline.json") == null;
        } catch (ZipException e) {
            return false;   // not a zip: Pipeline.load says what is wrong with it
        } catch (IOException e) {
            return false;   // missing or unreadable: Pipeline.load names the file and the reason
        }
    }

    private static String baseName(Path file) {
        String name = file.getFileName() == null ? "model" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
