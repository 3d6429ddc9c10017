package dev.fathom.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Joins the records of concurrent {@code /predict} requests into one forward pass, as DJL Serving
 * and TF Serving do: a worker takes the first waiting request, then more until the batch holds
 * {@code maxBatch} records or {@code maxDelay} has passed since the first, predicts them together
 * and hands each request its own rows. For a convolutional network one pass over 32 images costs
 * far less than 32 passes over one.
 *
 * <p>Requests join a batch only after their records were {@linkplain ServedModel#check checked},
 * and only with requests on the same model version. Should a batch still fail, each of its
 * requests is predicted alone, so an error reaches only the request that caused it.
 *
 * <p>The workers are platform threads, one per {@link ServerOptions#threads()}: the kernels'
 * per-thread buffers stay warm on them, where the request threads would each warm their own.
 * The queue is bounded; past it a request gets 503.
 */
final class MicroBatcher implements Predictor {
    /** Requests that may wait for a worker; past this the server is overloaded and says so. */
    static final int QUEUE_CAPACITY = 4096;

    private record Job(ServedModel model, Records records, boolean proba, CompletableFuture<byte[]> answer) {}

    private final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final int maxBatch;
    private final long maxDelayNanos;
    private final List<Thread> workers = new ArrayList<>();
    private volatile IntConsumer batchSizes = n -> { };
    private volatile boolean closed;

    MicroBatcher(int threads, int maxBatch, Duration maxDelay) {
        this.maxBatch = maxBatch;
        this.maxDelayNanos = maxDelay.toNanos();
        for (int i = 0; i < threads; i++) {
            Thread t = Thread.ofPlatform().daemon().name("fathom-serve-batch-" + i).start(this::work);
            workers.add(t);
        }
    }

    @Override
    public byte[] predict(ServedModel model, Records records, boolean proba) throws InterruptedException {
        model.check(records);   // a bad request fails here, alone, before it joins a batch
        Job job = new Job(model, records, proba, new CompletableFuture<>());
        if (closed || !queue.offer(job)) {
            throw new ApiException(503, closed ? "the server is shutting down" : "the server has " + QUEUE_CAPACITY
                    + " requests waiting for a prediction; retry shortly");
        }
        try {
            return job.answer.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void onBatch(IntConsumer sizes) {
        this.batchSizes = sizes;
    }

    private void work() {
        Job carried = null;   // taken from the queue but not fitting the last batch
        try {
            while (!closed) {
                Job first = carried != null ? carried : queue.take();
                carried = null;
                List<Job> batch = new ArrayList<>();
                batch.add(first);
                int rows = first.records.size();
                long deadline = System.nanoTime() + maxDelayNanos;
                while (rows < maxBatch) {
                    long wait = deadline - System.nanoTime();
                    Job next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) break;
                    if (next.model != first.model || rows + next.records.size() > maxBatch) {
                        carried = next;
                        break;
                    }
                    batch.add(next);
                    rows += next.records.size();
                }
                run(batch, rows);
            }
        } catch (InterruptedException e) {
            // closing
        }
        if (carried != null) carried.answer.completeExceptionally(new ApiException(503, "the server is shutting down"));
    }

    private void run(List<Job> batch, int rows) {
        List<Records> records = new ArrayList<>(batch.size());
        boolean[] proba = new boolean[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            records.add(batch.get(i).records);
            proba[i] = batch.get(i).proba;
        }
        try {
            List<byte[]> answers = batch.getFirst().model.answer(records, proba);
            batchSizes.accept(rows);
            for (int i = 0; i < batch.size(); i++) batch.get(i).answer.complete(answers.get(i));
        } catch (RuntimeException | Error batchFailure) {
            if (batch.size() == 1) {
                batch.getFirst().answer.completeExceptionally(batchFailure);
                return;
            }
            // One request's records broke the batch: answer each alone so only that one fails.
            for (Job job : batch) {
                try {
                    byte[] answer = job.model.answer(job.records, job.proba);
                    batchSizes.accept(job.records.size());   // counted before the client can see the answer
                    job.answer.complete(answer);
                } catch (RuntimeException | Error e) {
                    job.answer.completeExceptionally(e);
                }
            }
        }
    }

    /** Stops the workers; requests still waiting get 503. Called after the server stopped, so none should wait. */
    @Override
    public void close() {
        closed = true;
        workers.forEach(Thread::interrupt);
        for (Thread t : workers) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Job left;
        while ((left = queue.poll()) != null) left.answer.completeExceptionally(new ApiException(503, "the server is shutting down"));
    }
}
