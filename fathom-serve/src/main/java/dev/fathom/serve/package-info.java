/**
 * A saved {@link dev.fathom.pipeline.Pipeline} as an HTTP JSON prediction service: the module
 * behind {@code fathom serve MODEL}. {@link dev.fathom.serve.ModelServer} runs on Jetty 12's core
 * handlers (no servlets): small requests on the selector threads that parse them, the rest on up
 * to 256 worker threads; {@link dev.fathom.serve.ServerOptions}
 * sets address, port, body limit, predictions at once, slow-client limits, micro-batching, the
 * access log, a bearer token, TLS and the graceful-stop timeout. {@code docs/serving.md} is the
 * operator's guide.
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
 *   <li>{@code GET /health}: {@code {"status":"ok"}}; open even when a token is required.</li>
 *   <li>{@code GET /metrics}: Prometheus text: requests by route and status, latency histograms,
 *       errors by status, records per forward pass, the model's name, version and classes.</li>
 *   <li>{@code POST /reload}: reads the model file again and swaps the new version in atomically
 *       ({@code {"reloaded": name, "version": n}}); 409 for a server started from a pipeline in
 *       memory, 422 (old version kept) for a file that cannot be loaded.</li>
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
 * wrong type, an unseen category, an unknown query parameter, a non-finite number (NaN, ±Infinity,
 * beyond float32), a record with no values; 401: no or a wrong bearer token; 404: unknown path;
 * 405: wrong method (with {@code Allow}); 408: a body arriving too slowly; 413: a body over the
 * limit (1 MiB by default); 415: a body that is not JSON; 503: the batch queue full or the
 * server stopping. After a refusal the rest of the body is read and dropped, or the answer says
 * {@code Connection: close}. Anything else is a fault of the server: the client gets a 500 with a generic message
 * and an error id, and the log gets the stack trace under that id.
 *
 * <h2>Dependencies</h2>
 * {@code fathom-core} (pipelines, tables, tensors, {@code saving.Json}), Jetty 12 core
 * ({@code jetty-server}), jackson-core's streaming parser, the Prometheus Java client (metrics and
 * their text format), slf4j (Jetty's own provider at run time). Nothing in the core depends on this module.
 */
package dev.fathom.serve;
