package dev.fathom.serve;

import dev.fathom.data.ColumnType;
import dev.fathom.pipeline.InputColumn;
import dev.fathom.pipeline.Pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /metadata} tells a client about the served model: how to build a request
 * (input kind, schema or image shape) and how to read the answer (task, target, classes), plus the
 * pipeline's own metadata and the Fathom version.
 *
 * <pre>{@code
 * {"fathom_version": "0.1.0", "input_kind": "table", "task": "classification", "target": "species",
 *  "classes": ["setosa", "versicolor", "virginica"], "estimator": "LogisticRegression",
 *  "inputs": [{"name": "sepal_length", "type": "numeric"}, {"name": "colour", "type": "categorical",
 *  "categories": ["blue", "red"]}], "model": {...}}
 * }</pre>
 */
final class Metadata {
    private Metadata() {}

    static Map<String, Object> of(Pipeline pipeline) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fathom_version", FathomVersion.get());
        boolean images = pipeline.inputKind() == Pipeline.InputKind.IMAGES;
        m.put("input_kind", images ? "images" : "table");
        m.put("task", pipeline.isClassifier() ? "classification" : "regression");
        m.put("target", pipeline.target());
        if (pipeline.isClassifier()) m.put("classes", pipeline.classes());
        m.put("estimator", pipeline.estimator().getClass().getSimpleName());
        if (images) {
            int[] shape = pipeline.imageShape();
            m.put("image_shape", List.of(shape[0], shape[1], shape[2]));
        } else {
            List<Map<String, Object>> inputs = new ArrayList<>();
            for (InputColumn c : pipeline.inputs()) {
                Map<String, Object> column = new LinkedHashMap<>();
                column.put("name", c.name());
                column.put("type", c.type().label());
                if (c.type() == ColumnType.CATEGORICAL && c.categories() != null) column.put("categories", c.categories());
                inputs.add(column);
            }
            m.put("inputs", inputs);
        }
        m.put("model", pipeline.metadata());
        return m;
    }
}
