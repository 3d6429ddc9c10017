package dev.fathom.serve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.IntConsumer;

/**
 * Predicts on the requests' own threads, at most {@link ServerOptions#threads()} at once, in the
 * order the requests came: only as many as there are permits compute, which leaves the cores free
 * enough for {@code /health} to be answered at once under full load.
 *
 * <p>Nothing waits for a batch to fill, but with {@code maxBatch} above 1 requests that are
 * already waiting in line when a thread gets to compute are not left waiting one by one: the
 * thread takes, with its own request, the requests on the same model behind it in line while
 * their records number at most {@code maxBatch} in all, and predicts them in one forward pass,
 * since one table of 32 rows costs about what one of one row costs for a small model. (This is
 * {@link ServerOptions#maxBatchDelay()} zero for a table model: {@link MicroBatcher} does the same
 * with a wait, on worker threads, whose hand-over costs more than a small model's prediction.) Their answers
 * equal the ones they get alone (the batching tests show it); a pass that fails is answered
 * request by request, so only the request at fault gets the error. With {@code maxBatch} 1 every
 * request is one forward pass of its own records. A thread that finishes hands its permit to the
 * first request still in line, whose own thread then computes, so no request waits on another's
 * client, and each thread computes one batch at most.
 */
final class DirectPredictor implements Predictor {
    /** Completes a waiting request's answer to say: the permit is yours, compute your request. */
    private static final byte[] YOUR_TURN = new byte[0];

    private record Job(ServedModel model, Records records, boolean proba, CompletableFuture<byte[]> answer) {}

    private final Semaphore computing;
    private final int maxBatch;
    private final ArrayDeque<Job> line = new ArrayDeque<>();   // guarded by itself
    private volatile IntConsumer batchSizes = n -> { };

    /**
     * @param threads how many predictions compute at once
     * @param maxBatch the most records one forward pass takes from requests waiting in line; 1
     *     predicts every request alone
     */
    DirectPredictor(int threads, int maxBatch) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch is " + maxBatch + "; it must be at least 1");
        this.computing = new Semaphore(threads);
        this.maxBatch = maxBatch;
    }

    /** The most records one forward pass takes; 1 when every request is predicted alone. */
    int maxBatch() {
        return maxBatch;
    }

    @Override
    public byte[] predict(ServedModel model, Records records, boolean proba) throws InterruptedException {
        Job own = new Job(model, records, proba, new CompletableFuture<>());
        if (!computing.tryAcquire()) {
            synchronized (line) {
                line.addLast(own);
            }
            // A thread that released its permit before this request was in line did not see it: try again.
            if (computing.tryAcquire()) handOn();
            byte[] answer = await(own);
            if (answer != YOUR_TURN) return answer;
        }
        // This thread holds a permit, and its own request is out of the line.
        try {
            return compute(own);
        } finally {
            handOn();
        }
    }

    /**
     * Predicts {@code own} together with the requests on its model waiting right behind it, up to
     * {@link #maxBatch} records in all: returns the answer of {@code own} and completes those of the
     * others.
     */
    private byte[] compute(Job own) {
        int rows = own.records.size();
        if (rows >= maxBatch) return alone(own);
        List<Job> batch = new ArrayList<>();
        batch.add(own);
        synchronized (line) {
            while (!line.isEmpty() && line.peekFirst().model == own.model && rows + line.peekFirst().records.size() <= maxBatch) {
                Job next = line.pollFirst();
                batch.add(next);
                rows += next.records.size();
            }
        }
        if (batch.size() == 1) return alone(own);
        try {
            List<Records> records = new ArrayList<>(batch.size());
            boolean[] proba = new boolean[batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                records.add(batch.get(i).records);
                proba[i] = batch.get(i).proba;
            }
            List<byte[]> answers = own.model.answer(records, proba);
            batchSizes.accept(rows);   // counted before any client can see its answer
            for (int i = 1; i < batch.size(); i++) batch.get(i).answer.complete(answers.get(i));
            return answers.getFirst();
        } catch (RuntimeException | Error failure) {
            // One request broke the pass: answer each alone, so only that one fails.
            for (Job job : batch.subList(1, batch.size())) {
                try {
                    byte[] answer = job.model.answer(job.records, job.proba);
                    batchSizes.accept(job.records.size());
                    job.answer.complete(answer);
                } catch (RuntimeException | Error e) {
                    job.answer.completeExceptionally(e);
                }
            }
            return alone(own);
        } finally {
            for (Job job : batch) {   // never leave a request without an answer (a no-op for those answered)
                job.answer.completeExceptionally(new IllegalStateException("the prediction ended without an answer"));
            }
        }
    }

    /** The answer of {@code job} predicted in a pass of its own. */
    private byte[] alone(Job job) {
        byte[] answer = job.model.answer(job.records, job.proba);
        batchSizes.accept(job.records.size());   // counted before the client can see its answer
        return answer;
    }

    /**
     * With a permit held: gives it to the first request in line, or, when the line is empty,
     * releases it and looks again (a request may have joined the line meanwhile, its own attempt
     * at a permit failing while this thread held it).
     */
    private void handOn() {
        while (true) {
            Job next;
            synchronized (line) {
                next = line.pollFirst();
            }
            if (next != null) {
                next.answer.complete(YOUR_TURN);
                return;
            }
            computing.release();
            synchronized (line) {
                if (line.isEmpty()) return;
            }
            if (!computing.tryAcquire()) return;   // the holder hands on when it is done
        }
    }

    /** The answer of {@code job}, or {@link #YOUR_TURN}. */
    private byte[] await(Job job) throws InterruptedException {
        try {
            return job.answer.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            boolean removed;
            synchronized (line) {
                removed = line.remove(job);
            }
            // Already taken from the line: its answer comes soon; a permit handed to it must go on.
            if (!removed) {
                try {
                    if (job.answer.join() == YOUR_TURN) handOn();
                } catch (CompletionException | CancellationException answeredWithAFailure) {
                    // nothing to hand on
                }
            }
            throw e;
        }
    }

    /** Requests waiting in line for a permit (for tests). */
    int waiting() {
        synchronized (line) {
            return line.size();
        }
    }

    @Override
    public void onBatch(IntConsumer sizes) {
        this.batchSizes = sizes;
    }

    @Override
    public void close() {
    }
}
