package dev.fathom.serve;

import dev.fathom.pipeline.Pipeline;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The model a server answers with now, swapped whole by a reload. A request reads {@link #current()}
 * once and keeps that {@link ServedModel} to its end, so requests in flight finish on the old
 * version while new ones get the new; nothing is locked on the request path.
 */
final class LiveModel {
    private final AtomicReference<ServedModel> current = new AtomicReference<>();
    private final Path source;
    private final boolean nonFiniteAsMissing;
    private final Consumer<ServedModel> onSwap;
    private final Object reloading = new Object();

    /**
     * @param source the file {@link #reload()} reads again, or null when the pipeline came from memory
     * @param onSwap told of every model put in place, the first included
     */
    LiveModel(Pipeline first, Path source, boolean nonFiniteAsMissing, Consumer<ServedModel> onSwap) {
        this.source = source;
        this.nonFiniteAsMissing = nonFiniteAsMissing;
        this.onSwap = onSwap;
        put(first, 1);
    }

    ServedModel current() {
        return current.get();
    }

    /** The file a reload reads, or null. */
    Path source() {
        return source;
    }

    /**
     * Reads the model file again and serves it; the old model stays when the file cannot be read.
     *
     * @throws IllegalStateException when the server was started from a pipeline, not a file
     * @throws dev.fathom.saving.ModelFileException when the file is missing or damaged
     */
    ServedModel reload() {
        if (source == null) {
            throw new IllegalStateException("this server was started from a Pipeline, not a file, so there is nothing to reload;"
                    + " start it with ModelServer.start(Path, ServerOptions), or call ModelServer.swap(pipeline)");
        }
        return swap(Pipeline.load(source));
    }

    /** Serves {@code pipeline} from now on, as the next version. */
    ServedModel swap(Pipeline pipeline) {
        Objects.requireNonNull(pipeline, "pipeline");
        synchronized (reloading) {   // versions in the order of the swaps
            return put(pipeline, current.get().version() + 1);
        }
    }

    private ServedModel put(Pipeline pipeline, int version) {
        String name = source != null ? source.getFileName().toString()
                : String.valueOf(pipeline.metadata().getOrDefault("name", pipeline.estimator().getClass().getSimpleName()));
        ServedModel served = ServedModel.of(pipeline, name, version, nonFiniteAsMissing);
        current.set(served);
        onSwap.accept(served);
        return served;
    }
}
