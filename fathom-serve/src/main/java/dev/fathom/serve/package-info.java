/**
 * A saved {@link dev.fathom.pipeline.Pipeline} as an HTTP JSON prediction service: the module
 * behind {@code fathom serve MODEL}. {@link dev.fathom.serve.ModelServer} runs on Jetty 12's core
 * handlers (no servlets); {@link dev.fathom.serve.ServerOptions} sets address, port, body limit,
 * worker threads and the graceful-stop timeout.
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.load(Path.of("digits.fathom"));
 * try (ModelServer server = ModelServer.start(pipeline, ServerOptions.defaults().withPort(0))) {
 *     HttpResponse<String> r = HttpClient.newHttpClient().send(
 *             HttpRequest.newBuilder(server.url().resolve("predict"))
 *                     .header("Content-Type", "application/json")
 *                     .POST(HttpRequest.BodyPublishers.ofString("{\"pixel_0_0\": 0, ...}")).build(),
 *             HttpResponse.BodyHandlers.ofString());
 *     r.body();   // {"predictions":["3"]}
 * }
 * }</pre>
 *
 * <h2>Endpoints</h2>
 * <ul>
 *   <li>{@code POST /predict}: a JSON body (Content-Type {@code application/json}, or none) holding
 *       one record {@code {"f1": 1.0, "colour": "red"}}, {@code {"records": [{...}, ...]}}, or a
 *       JSON array of records. Values: numbers for numeric inputs, strings for categorical ones,
 *       true/false for boolean ones, ISO dates ({@code "2024-01-31"}), null for missing. Unknown
 *       fields are ignored. The answer is {@code {"predictions": [...]}} in record order (class
 *       names for a classifier, numbers for a regressor), plus, with {@code ?proba=true} and for a
 *       classifier only, {@code "probabilities": [{"class": p, ...}, ...]}. Probabilities are asked
 *       for rather than always sent because they double the work of a request.</li>
 *   <li>An image pipeline takes {@code {"pixels": [[...], ...]}} per record, shaped
 *       {@code [height][width]} (one channel) or {@code [channels][height][width]}, with pixel
 *       values as stored (e.g. 0..255): the server multiplies them by the pipeline's
 *       {@code pixelScale}, as in training.</li>
 *   <li>{@code GET /health}: {@code {"status":"ok"}}.</li>
 *   <li>{@code GET /metadata}: {@code fathom_version}, {@code input_kind}, {@code task},
 *       {@code target}, {@code classes}, {@code estimator}, {@code inputs} (name, type, and the
 *       categories of categorical ones) or {@code image_shape}, and {@code model} (the pipeline's
 *       own metadata).</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * Every answer is JSON. A bad request gets a 4xx and {@code {"error": reason}}; an error about one
 * record also names it: {@code {"error": "record 3, field 'age': expected a number, got \"abc\"",
 * "record": 3, "field": "age"}}. 400: invalid JSON (with line and column), a missing field, a
 * wrong type, an unseen category, an unknown query parameter; 404: unknown path; 405: wrong
 * method (with {@code Allow}); 413: a body over the limit (1 MiB by default); 415: a body that is
 * not JSON. Anything else is a fault of the server: the client gets a 500 with a generic message
 * and an error id, and the log gets the stack trace under that id.
 *
 * <h2>Dependencies</h2>
 * {@code fathom-core} (pipelines, tables, tensors, {@code saving.Json}), Jetty 12 core
 * ({@code jetty-server}), jackson-core's streaming parser, slf4j (Jetty's own provider at run
 * time). Nothing in the core depends on this module.
 */
package dev.fathom.serve;
