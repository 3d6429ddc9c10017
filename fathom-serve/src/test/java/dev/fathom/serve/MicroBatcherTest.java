package dev.fathom.serve;

import dev.fathom.pipeline.Pipeline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Micro-batching: concurrent requests predicted in one forward pass get exactly the answers they
 * get alone, and one request's failure stays its own. The batches here fill to their maximum,
 * which ends the wait at once, so what is batched does not depend on timing.
 */
class MicroBatcherTest {
    private static final String[] COLOURS = {"red", "green", "blue"};

    @Test
    void batchedAnswersEqualSingleOnesForATable() throws Exception {
        checkBatchedEqualsSingle(ServedModel.of(Fixtures.classifier(), "classifier", 1, false), i -> List.of(
                Fixtures.record(i % 11 - 5, i % 7 - 3, COLOURS[i % 3])));
    }

    @Test
    void batchedAnswersEqualSingleOnesForImages() throws Exception {
        checkBatchedEqualsSingle(ServedModel.of(Fixtures.images(), "images", 1, false), i -> {
            float[] pixels = new float[16];
            for (int j = 0; j < 16; j++) pixels[j] = (i * 37 + j * 11) % 256;
            return List.of(Map.of(RecordReader.PIXELS, pixels));
        });
    }

    private static void checkBatchedEqualsSingle(ServedModel model, java.util.function.IntFunction<List<Map<String, Object>>> records)
            throws Exception {
        int requests = 12;
        List<Integer> batches = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(requests);
        try (MicroBatcher batcher = new MicroBatcher(1, requests, Duration.ofSeconds(30))) {
            batcher.onBatch(batches::add);
            List<Future<byte[]>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                List<Map<String, Object>> r = records.apply(i);
                boolean proba = i % 2 == 0;
                answers.add(clients.submit(() -> batcher.predict(model, r, proba)));
            }
            for (int i = 0; i < requests; i++) {
                byte[] alone = model.answer(records.apply(i), i % 2 == 0);
                assertArrayEquals(alone, answers.get(i).get(), "request " + i + ": " + new String(answers.get(i).get()));
            }
            assertEquals(List.of(requests), batches, "all twelve requests in one forward pass");
        } finally {
            clients.shutdown();
        }
    }

    @Test
    void aRequestThatBreaksTheBatchFailsAloneAndTheOthersAreAnswered() throws Exception {
        Pipeline pipeline = Fixtures.classifier();
        ServedModel model = ServedModel.of(pipeline, "classifier", 1, false);
        List<Integer> batches = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try (MicroBatcher batcher = new MicroBatcher(1, 4, Duration.ofSeconds(30))) {
            batcher.onBatch(batches::add);
            List<Future<byte[]>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                // Request 2's colour was never seen in training: its records read fine, and only the
                // forward pass (the one-hot encoder) finds out.
                List<Map<String, Object>> r = List.of(Fixtures.record(i, -i, i == 2 ? "purple" : COLOURS[i % 3]));
                answers.add(clients.submit(() -> batcher.predict(model, r, false)));
            }
            for (int i = 0; i < 4; i++) {
                if (i == 2) {
                    ExecutionException e = assertThrows(ExecutionException.class, answers.get(i)::get);
                    ApiException refusal = assertInstanceOf(ApiException.class, e.getCause());
                    assertEquals(400, refusal.status());
                    assertTrue(refusal.getMessage().contains("at row 0 has category 'purple'"),
                            "the row within its own request, not the batch (where it was row 2): " + refusal.getMessage());
                } else {
                    assertArrayEquals(model.answer(List.of(Fixtures.record(i, -i, COLOURS[i % 3])), false), answers.get(i).get());
                }
            }
            assertEquals(List.of(1, 1, 1), batches, "the failed batch of four was answered one by one");
        } finally {
            clients.shutdown();
        }
    }

    @Test
    void aBadRecordIsRefusedBeforeItJoinsABatch() throws Exception {
        ServedModel model = ServedModel.of(Fixtures.classifier(), "classifier", 1, false);
        try (MicroBatcher batcher = new MicroBatcher(1, 4, Duration.ofSeconds(30))) {
            ApiException e = assertThrows(ApiException.class, () -> batcher.predict(model,
                    List.of(Map.of("x1", 1.0, "x2", "abc", "colour", "red")), false));
            assertEquals("record 0, field 'x2': expected a number, got \"abc\"", e.getMessage());
        }
    }
}
