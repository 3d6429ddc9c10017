package dev.fathom.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the body of {@code POST /predict} into records: one record {@code {"f1": 1.0, ...}},
 * {@code {"records": [{...}, ...]}}, or a JSON array of records.
 *
 * <p>Field values become {@link Double} (every JSON number), {@link String}, {@link Boolean} or
 * null, ready for {@code Pipeline.tableOf}, which checks them against the input schema. A nested
 * array or object is refused here when the field is an input ({@code tableOf} checks only plain
 * values) and skipped when it is not (unknown fields are ignored); the one exception is
 * {@value #PIXELS} of an image model, read by {@link PixelReader} into a {@code float[]}.
 *
 * <p>The body is parsed token by token with jackson-core, so no tree is built, and a bad body is
 * refused with the line and column where it goes wrong. Every refusal is an {@link ApiException}
 * with status 400.
 */
final class RecordReader {
    /** The field that holds an image's pixels. */
    static final String PIXELS = "pixels";
    /** The field that holds many records, as in {@code {"records": [...]}}. */
    static final String RECORDS = "records";

    static final String FORMS = "send one record {\"field\": value, ...}, {\"records\": [{...}, ...]}, or a JSON array of records";

    // Duplicate keys are refused rather than silently resolved; deep nesting is refused early
    // (no valid request needs more than a batch of 3-d pixel arrays). NaN and Infinity are read
    // (they are not JSON, but Python's json module writes them) so that the refusal names the field.
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
            .build();
    /**
     * {@link #JSON} without its duplicate detection, which keeps a set of every object's names (a
     * quarter of a request's allocation when serving the digits model): {@link #readRow} refuses a
     * repeated name itself, and hands any body with nested values to {@link #read}.
     */
    private static final JsonFactory ROW_JSON = JSON.rebuild().disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Map<String, String> inputTypes;
    private final PixelReader pixels;
    private final boolean nonFiniteAsMissing;
    /** Each row input's position in a row ({@link #readRow}); null when records are read as maps only. */
    private final Map<String, Integer> rowIndex;
    /** The row inputs' names, pre-encoded: a record that lists them in order is matched byte for byte. */
    private final SerializedString[] rowNames;

    /**
     * A reader that refuses non-finite numbers.
     *
     * @param inputTypes each input field's type, as named in messages ("numeric", "categorical"...)
     * @param pixels reads {@value #PIXELS} for an image model; null for a table model
     */
    RecordReader(Map<String, String> inputTypes, PixelReader pixels) {
        this(inputTypes, pixels, false);
    }

    /**
     * @param nonFiniteAsMissing read NaN, ±Infinity and numbers beyond float32 as null (missing)
     *     instead of refusing them; see {@link ServerOptions#nonFiniteAsMissing()}
     */
    RecordReader(Map<String, String> inputTypes, PixelReader pixels, boolean nonFiniteAsMissing) {
        this(inputTypes, pixels, nonFiniteAsMissing, null);
    }

    /**
     * @param rowInputs the inputs in the pipeline's order when every input is numeric, so that
     *     {@link #readRow} can read a one-record body straight into a row; null otherwise
     */
    RecordReader(Map<String, String> inputTypes, PixelReader pixels, boolean nonFiniteAsMissing, List<String> rowInputs) {
        this.inputTypes = Map.copyOf(inputTypes);
        this.pixels = pixels;
        this.nonFiniteAsMissing = nonFiniteAsMissing;
        if (rowInputs == null || rowInputs.isEmpty() || pixels != null) {
            this.rowIndex = null;
            this.rowNames = null;
        } else {
            Map<String, Integer> index = new HashMap<>();
            for (String name : rowInputs) {
                if (!"numeric".equals(this.inputTypes.get(name)) || index.put(name, index.size()) != null) {
                    throw new IllegalArgumentException("row input '" + name + "' is not a numeric input named once");
                }
            }
            this.rowIndex = index;
            this.rowNames = rowInputs.stream().map(SerializedString::new).toArray(SerializedString[]::new);
        }
    }

    /**
     * The body's one record straight as a row of the numeric inputs' values, in the order of the
     * {@code rowInputs} given at construction ({@code NaN} for null), or null when the body is
     * anything else: an array or envelope of records, a value that is not a finite number within
     * float32 or null, an input missing, every input null, a name given twice, a field that is
     * not an input holding an array or object, a byte beyond ASCII, invalid JSON. The caller then reads
     * the body with {@link #read}, which accepts or refuses it with its reason, so this path
     * decides no refusal of its own and answers exactly as {@code read} would.
     */
    double[] readRow(byte[] body) {
        if (rowIndex == null || !ascii(body)) return null;
        try (JsonParser p = ROW_JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            double[] row = new double[rowIndex.size()];
            boolean[] given = new boolean[row.length];
            Set<String> ignored = null;   // the names that are not inputs, made only when there are some
            int seen = 0;
            boolean someValue = false;
            while (true) {
                // Clients usually send the fields in the model's order: then the next name is
                // compared as bytes, with no lookup; otherwise it is looked up by name.
                Integer at;
                String name;
                boolean inOrder;
                if (seen < row.length) {
                    inOrder = p.nextFieldName(rowNames[seen]);   // moves to the next name (or the end) either way
                } else {
                    p.nextToken();
                    inOrder = false;
                }
                if (inOrder) {
                    at = seen;
                    name = rowNames[seen].getValue();
                } else {
                    if (p.currentToken() != JsonToken.FIELD_NAME) break;   // the end of the record
                    name = p.currentName();
                    at = rowIndex.get(name);
                }
                JsonToken t = p.nextToken();
                if (at != null && given[at]) return null;   // a duplicate: read() refuses it
                if (at == null) {
                    if (name.equals(RECORDS)) return null;   // an envelope, perhaps
                    // read() checks nested values for repeated names; a name given twice is refused there.
                    if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) return null;
                    if (ignored == null) ignored = new HashSet<>();
                    if (!ignored.add(name)) return null;
                    continue;   // not an input: ignored, as read() ignores it
                }
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    double v = p.getDoubleValue();
                    if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) return null;
                    row[at] = v;
                    someValue = true;
                } else if (t == JsonToken.VALUE_NULL) {
                    row[at] = Double.NaN;
                } else {
                    return null;
                }
                given[at] = true;
                seen++;
            }
            if (p.nextToken() != null || seen != row.length || !someValue) return null;
            return row;
        } catch (IOException e) {
            return null;   // read() says what is wrong with it
        }
    }

    /**
     * Whether every byte of {@code body} is ASCII. A row's names and numbers are; any other text
     * goes to {@link #read}, whose parser checks its UTF-8 (the row parser skipped a field name
     * with a byte that is not UTF-8, which read() refuses: a fuzzing finding).
     */
    private static boolean ascii(byte[] body) {
        for (byte b : body) {
            if (b < 0) return false;
        }
        return true;
    }

    /** The records in {@code body}, at least one. */
    List<Map<String, Object>> read(byte[] body) {
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == null) throw new ApiException(400, "the request body is empty; " + FORMS);
            List<Map<String, Object>> records = switch (first) {
                case START_ARRAY -> readArray(p);
                case START_OBJECT -> readObjectOrEnvelope(p);
                default -> throw new ApiException(400, "the request body is " + describe(first)
                        + ", not a record; " + FORMS);
            };
            if (p.nextToken() != null) {
                throw new ApiException(400, "the request body goes on after its JSON value" + at(p.currentTokenLocation())
                        + "; send one JSON value");
            }
            if (records.isEmpty()) throw new ApiException(400, "the request holds no records; " + FORMS);
            if (pixels == null && !inputTypes.isEmpty()) {
                for (int i = 0; i < records.size(); i++) requireSomeValue(records.get(i), i);
            }
            return records;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "the request body is not valid JSON: " + e.getOriginalMessage()
                    + at(e.getLocation()));
        } catch (IOException e) {
            // Parsing a byte array does no I/O; anything else here is jackson failing to read it.
            throw new ApiException(400, "the request body could not be read as JSON: " + e.getMessage());
        }
    }

    private List<Map<String, Object>> readArray(JsonParser p) throws IOException {
        List<Map<String, Object>> records = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            int index = records.size();
            if (t != JsonToken.START_OBJECT) {
                throw new ApiException(400, "record " + index + " is " + describe(t)
                        + "; each record is a JSON object of fields such as {\"field\": 1.0}", index, null);
            }
            records.add(readRecord(p, index, new HashMap<>()));
        }
        return records;
    }

    /** One record, unless its only field is "records" holding an array (and no input is named so). */
    private List<Map<String, Object>> readObjectOrEnvelope(JsonParser p) throws IOException {
        Map<String, Object> record = new HashMap<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if (name.equals(RECORDS) && !inputTypes.containsKey(RECORDS)) {
                if (t != JsonToken.START_ARRAY) {
                    throw new ApiException(400, "\"records\" is " + describe(t) + "; it must be an array of records: "
                            + "{\"records\": [{\"field\": 1.0}, ...]}");
                }
                if (!record.isEmpty()) throw besideRecords();
                List<Map<String, Object>> records = readArray(p);
                if (p.nextToken() != JsonToken.END_OBJECT) throw besideRecords();
                return records;
            }
            record.put(name, readValue(p, t, 0, name));
        }
        return List.of(record);
    }

    /**
     * A record whose every input is null or absent would be answered from the imputer's
     * statistics alone: a confident prediction about nothing, so it is refused.
     */
    private void requireSomeValue(Map<String, Object> record, int index) {
        for (String input : inputTypes.keySet()) {
            if (record.get(input) != null) return;
        }
        throw new ApiException(400, "record " + index + " has no values: every input field is missing or null; send at least one of "
                + inputTypes.keySet().stream().sorted().toList(), index, null);
    }

    private static ApiException besideRecords() {
        return new ApiException(400, "the body has \"records\" beside other fields; "
                + "put every field inside the records: {\"records\": [{\"field\": 1.0}, ...]}");
    }

    private Map<String, Object> readRecord(JsonParser p, int index, Map<String, Object> record) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            record.put(name, readValue(p, p.nextToken(), index, name));
        }
        return record;
    }

    private Object readValue(JsonParser p, JsonToken t, int index, String name) throws IOException {
        return switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                double v = p.getDoubleValue();
                // Models compute in float32: a number beyond ±3.4e38 would become infinite there.
                if (Double.isFinite(v) && Math.abs(v) <= Float.MAX_VALUE) yield v;
                if (nonFiniteAsMissing || !inputTypes.containsKey(name)) yield null;
                throw new ApiException(400, "record " + index + ", field '" + name + "': " + p.getText()
                        + (Double.isNaN(v) ? " is not a number" : " is beyond the range of float32 (±3.4e38)")
                        + "; send a finite number, or null for a missing value"
                        + " (a server started with --non-finite-as-missing reads it as missing)", index, name);
            }
            case VALUE_STRING -> p.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_ARRAY, START_OBJECT -> {
                if (pixels != null && name.equals(PIXELS)) {
                    if (t == JsonToken.START_ARRAY) yield pixels.read(p, index);
                    throw new ApiException(400, "record " + index + ", field 'pixels': expected nested arrays of numbers, got "
                            + describe(t), index, name);
                }
                String type = inputTypes.get(name);
                if (type == null) {
                    p.skipChildren();   // not an input: ignored like any unknown field
                    yield null;
                }
                throw new ApiException(400, "record " + index + ", field '" + name + "': expected a " + type
                        + " value, got " + describe(t), index, name);
            }
            default -> throw new ApiException(400, "record " + index + ", field '" + name + "': unexpected "
                    + describe(t), index, name);
        };
    }

    static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    static String at(JsonLocation where) {
        if (where == null || where.getLineNr() < 0) return "";
        return " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    }
}
