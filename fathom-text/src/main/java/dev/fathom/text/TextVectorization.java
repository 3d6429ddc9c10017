package dev.fathom.text;

import dev.fathom.saving.ConfigMap;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Turns raw texts into numbers a model takes, as Keras' {@code TextVectorization} layer: each text is
 * standardized ({@link Standardize}, or a function of your own), split into tokens ({@link Split}),
 * optionally extended with n-grams, and looked up in a vocabulary that {@link #adapt} learns from
 * training texts. The output is token ids ({@link OutputMode#INT}) or one value per vocabulary entry
 * ({@code MULTI_HOT}, {@code COUNT}, {@code TF_IDF}).
 *
 * <p>The vocabulary follows Keras: in int mode index 0 is padding ({@code ""}, which is also the mask
 * an {@code Embedding} with {@code maskZero(true)} makes) and index 1 is {@code "[UNK]"}, where every
 * token not in the vocabulary goes; in the other modes index 0 is {@code "[UNK]"}. {@link #adapt}
 * ranks tokens by how often they occur, ties broken by the token in reverse code point order (Keras
 * sorts the tokens with {@code np.lexsort} and reverses), and keeps the first {@code maxTokens}
 * entries, the special ones included. {@code TF_IDF} weighs a count by {@code ln(1 + documents / (1 +
 * document frequency))}, out-of-vocabulary tokens by the mean weight, as Keras. Texts are handled as
 * Unicode code points throughout.
 *
 * <p>{@link #config()} holds the settings and the learnt vocabulary, JSON-able: attach it to a model
 * ({@code model.attach("text", tv.config())}) and it is saved with the model; {@link #fromConfig}
 * brings it back. In a pipeline, {@link TextSequences} (token ids) and {@link TfidfVectorizer} are the
 * table steps that hold it, so a saved pipeline predicts from raw strings.
 *
 * <pre>{@code
 * TextVectorization tv = new TextVectorization().maxTokens(5000).outputSequenceLength(4);
 * tv.adapt(List.of("The cat sat.", "The dog sat!", "A cat"));
 * tv.vocabulary();                              // [, [UNK], the, sat, cat, dog, a]
 * Tensor ids = tv.apply(List.of("the cat ran"));  // int32 [[2, 4, 1, 0]]
 * Model m = new Sequential().add(new Embedding(tv.vocabularySize(), 16).maskZero(true)).add(new GRU(16)).add(new Dense(2));
 * }</pre>
 */
public final class TextVectorization {
    /** Keras' out-of-vocabulary token. */
    public static final String OOV = "[UNK]";
    /** Keras' padding (mask) token, index 0 in int mode. */
    public static final String PAD = "";

    private static final Map<String, UnaryOperator<String>> FUNCTIONS = new ConcurrentHashMap<>();

    private Integer maxTokens;
    private Standardize standardize = Standardize.LOWER_AND_STRIP_PUNCTUATION;
    private String standardizeFunction;
    private Split split = Split.whitespace();
    private int[] ngrams = {1};
    private OutputMode outputMode = OutputMode.INT;
    private Integer outputSequenceLength;

    /** Set by adapt: the vocabulary with its special entries first, its index, and the tf-idf weights. */
    private List<String> vocabulary;
    private Map<String, Integer> index;
    private double[] idf;

    /** Keras' defaults: lowercase and strip punctuation, split on whitespace, no n-grams, int output, no size limit. */
    public TextVectorization() {}

    // ---- settings ----------------------------------------------------------------------------

    /**
     * The largest vocabulary {@link #adapt} keeps, special entries included (Keras' {@code max_tokens}).
     *
     * @throws IllegalArgumentException when it leaves no room for one learnt token
     */
    public TextVectorization maxTokens(int maxTokens) {
        int specials = outputMode == OutputMode.INT ? 2 : 1;
        if (maxTokens <= specials) {
            throw new IllegalArgumentException("TextVectorization.maxTokens: " + maxTokens + " leaves no room for a learnt token; the"
                    + " vocabulary holds " + (specials == 2 ? "the padding \"\" and \"[UNK]\"" : "\"[UNK]\"") + " first, so give more than " + specials);
        }
        this.maxTokens = maxTokens;
        return unfitted();
    }

    /** How texts are cleaned before splitting; {@link Standardize#LOWER_AND_STRIP_PUNCTUATION} by default. */
    public TextVectorization standardize(Standardize standardize) {
        this.standardize = Objects.requireNonNull(standardize, "standardize");
        this.standardizeFunction = null;
        return unfitted();
    }

    /**
     * Cleans texts with the function registered under {@code name} ({@link #registerStandardize}), as
     * Keras takes a callable; the name is what a saved config records.
     *
     * @throws IllegalArgumentException when no function has that name
     */
    public TextVectorization standardize(String name) {
        if (!FUNCTIONS.containsKey(name)) {
            throw new IllegalArgumentException("TextVectorization.standardize: no function is registered as '" + name + "'; call"
                    + " TextVectorization.registerStandardize(\"" + name + "\", text -> ...) first, or use a Standardize mode");
        }
        this.standardizeFunction = name;
        return unfitted();
    }

    /**
     * Registers a standardization function under {@code name}, for {@link #standardize(String)} and
     * for loading saved configs that name it (register it before loading, as a custom layer).
     */
    public static void registerStandardize(String name, UnaryOperator<String> function) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("TextVectorization.registerStandardize: the name is blank");
        FUNCTIONS.put(name, Objects.requireNonNull(function, "function"));
    }

    /** How standardized texts are cut into tokens; {@link Split#whitespace()} by default. */
    public TextVectorization split(Split split) {
        this.split = Objects.requireNonNull(split, "split");
        return unfitted();
    }

    /** Adds n-grams of 1 to {@code n} tokens (Keras' {@code ngrams=n}); {@code ngrams(1)} is none. */
    public TextVectorization ngrams(int n) {
        if (n < 1 || n > 16) throw new IllegalArgumentException("TextVectorization.ngrams: n must be in 1..16, got " + n);
        int[] w = new int[n];
        Arrays.setAll(w, i -> i + 1);
        this.ngrams = w;
        return unfitted();
    }

    /** Uses n-grams of exactly these widths, ascending (Keras' {@code ngrams=(1, 3)}). */
    public TextVectorization ngramWidths(int... widths) {
        this.ngrams = NGrams.check("TextVectorization.ngramWidths", widths);
        return unfitted();
    }

    /** What {@link #apply} returns; {@link OutputMode#INT} by default. */
    public TextVectorization outputMode(OutputMode mode) {
        this.outputMode = Objects.requireNonNull(mode, "mode");
        if (maxTokens != null && maxTokens <= (mode == OutputMode.INT ? 2 : 1)) maxTokens(maxTokens);
        return unfitted();
    }

    /**
     * In int mode, every text's ids are cut or padded with 0 to this length (Keras'
     * {@code output_sequence_length}); without it a batch is padded to its longest text.
     */
    public TextVectorization outputSequenceLength(int length) {
        if (length < 1) throw new IllegalArgumentException("TextVectorization.outputSequenceLength: must be at least 1, got " + length);
        this.outputSequenceLength = length;
        return this;
    }

    private TextVectorization unfitted() {
        vocabulary = null;
        index = null;
        idf = null;
        return this;
    }

    /** The output mode. */
    public OutputMode outputMode() {
        return outputMode;
    }

    /** The sequence length of int outputs, or null when a batch is padded to its longest text. */
    public Integer outputSequenceLength() {
        return outputSequenceLength;
    }

    // ---- tokens ------------------------------------------------------------------------------

    /** {@code text} standardized, split and extended with n-grams: the tokens looked up in the vocabulary. */
    public List<String> tokens(String text) {
        String s = standardizeFunction != null ? function().apply(text == null ? "" : text) : standardize.apply(text);
        return NGrams.of(split.tokens(s), ngrams);
    }

    private UnaryOperator<String> function() {
        UnaryOperator<String> f = FUNCTIONS.get(standardizeFunction);
        if (f == null) throw new IllegalStateException("TextVectorization: the standardize function '" + standardizeFunction + "' is not registered");
        return f;
    }

    // ---- adapt -------------------------------------------------------------------------------

    /**
     * Learns the vocabulary (and, for tf_idf, the document frequencies) from {@code texts},
     * forgetting any earlier one; null texts count as empty.
     *
     * @return this, adapted
     * @throws IllegalArgumentException when {@code texts} is empty
     */
    public TextVectorization adapt(List<String> texts) {
        if (texts == null || texts.isEmpty()) {
            throw new IllegalArgumentException("TextVectorization.adapt: no texts; adapt learns the vocabulary from training texts");
        }
        Map<String, long[]> counts = new HashMap<>();   // token -> {count, document count}
        Set<String> inDoc = new HashSet<>();
        for (String t : texts) {
            inDoc.clear();
            for (String tok : tokens(t)) {
                long[] c = counts.computeIfAbsent(tok, k -> new long[2]);
                c[0]++;
                if (inDoc.add(tok)) c[1]++;
            }
        }
        List<String> specials = specials();
        for (String s : specials) counts.remove(s);
        List<Map.Entry<String, long[]>> ranked = new ArrayList<>(counts.entrySet());
        Comparator<Map.Entry<String, long[]>> byCount = Comparator.comparingLong(e -> -e.getValue()[0]);
        ranked.sort(byCount.thenComparing((a, b) -> compareCodePoints(b.getKey(), a.getKey())));
        int keep = maxTokens == null ? ranked.size() : Math.min(ranked.size(), maxTokens - specials.size());
        List<String> vocab = new ArrayList<>(specials);
        double[] weights = new double[specials.size() + keep];
        double sum = 0;
        for (int i = 0; i < keep; i++) {
            vocab.add(ranked.get(i).getKey());
            double w = Math.log(1 + texts.size() / (1.0 + ranked.get(i).getValue()[1]));
            weights[specials.size() + i] = w;
            sum += w;
        }
        for (int i = 0; i < specials.size(); i++) weights[i] = keep == 0 ? 0 : sum / keep;
        setVocabulary(vocab, outputMode == OutputMode.TF_IDF ? weights : null);
        return this;
    }

    private List<String> specials() {
        return outputMode == OutputMode.INT ? List.of(PAD, OOV) : List.of(OOV);
    }

    /** Orders strings by code point (UTF-8 byte order, as NumPy sorts Keras' tokens), not by UTF-16 unit. */
    static int compareCodePoints(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i), y = b.codePointAt(j);
            if (x != y) return Integer.compare(x, y);
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * Uses {@code tokens} as the learnt vocabulary, in order, after the special entries (Keras'
     * {@code vocabulary=}), instead of {@link #adapt}; tf_idf also needs one weight per token.
     *
     * @throws IllegalArgumentException for a duplicate or special token, or weights that do not match
     */
    public TextVectorization vocabulary(List<String> tokens, double... idfWeights) {
        List<String> vocab = new ArrayList<>(specials());
        vocab.addAll(tokens);
        double[] w = null;
        if (outputMode == OutputMode.TF_IDF) {
            if (idfWeights == null || idfWeights.length != tokens.size()) {
                throw new IllegalArgumentException("TextVectorization.vocabulary: tf_idf needs one idf weight per token: "
                        + tokens.size() + " tokens, " + (idfWeights == null ? 0 : idfWeights.length) + " weights");
            }
            w = new double[vocab.size()];
            double mean = Arrays.stream(idfWeights).average().orElse(0);
            for (int i = 0; i < specials().size(); i++) w[i] = mean;
            System.arraycopy(idfWeights, 0, w, specials().size(), idfWeights.length);
        }
        setVocabulary(vocab, w);
        return this;
    }

    private void setVocabulary(List<String> vocab, double[] weights) {
        Map<String, Integer> ix = new HashMap<>(vocab.size() * 2);
        for (int i = 0; i < vocab.size(); i++) {
            String t = vocab.get(i);
            if (t == null) throw new IllegalArgumentException("TextVectorization: the vocabulary holds null at index " + i);
            if (ix.put(t, i) != null) {
                throw new IllegalArgumentException("TextVectorization: the vocabulary holds '" + t + "' twice (index " + ix.get(t) + " and " + i
                        + "); each token once, and not the special entries \"\" and \"[UNK]\"");
            }
        }
        vocabulary = List.copyOf(vocab);
        index = ix;
        idf = weights;
    }

    /** Whether a vocabulary is learnt or set. */
    public boolean isAdapted() {
        return vocabulary != null;
    }

    /** The vocabulary, special entries first (Keras' {@code get_vocabulary()}). @throws IllegalStateException before adapt */
    public List<String> vocabulary() {
        requireAdapted("vocabulary()");
        return vocabulary;
    }

    /** The vocabulary's size, special entries included: an {@code Embedding}'s {@code inputDim}. */
    public int vocabularySize() {
        return vocabulary().size();
    }

    /** The tf_idf weight of each vocabulary entry (a copy). @throws IllegalStateException unless adapted in tf_idf mode */
    public double[] idfWeights() {
        requireAdapted("idfWeights()");
        if (idf == null) throw new IllegalStateException("TextVectorization.idfWeights(): the output mode is " + outputMode.keyword() + ", not tf_idf");
        return idf.clone();
    }

    private void requireAdapted(String what) {
        if (vocabulary == null) {
            throw new IllegalStateException("TextVectorization." + what + ": no vocabulary yet; call adapt(trainingTexts) first"
                    + " (or vocabulary(tokens))");
        }
    }

    // ---- apply -------------------------------------------------------------------------------

    /** The vocabulary index of each token of {@code text}, out-of-vocabulary tokens as {@code [UNK]}'s index. */
    public int[] ids(String text) {
        requireAdapted("ids");
        List<String> toks = tokens(text);
        int oov = outputMode == OutputMode.INT ? 1 : 0;
        int[] out = new int[toks.size()];
        for (int i = 0; i < out.length; i++) out[i] = index.getOrDefault(toks.get(i), oov);
        return out;
    }

    /**
     * {@code texts} vectorized: int32 {@code [texts, length]} ids in int mode (padded with 0, cut at
     * {@link #outputSequenceLength}, or padded to the longest text, at least 1), else float32
     * {@code [texts, vocabularySize()]}.
     *
     * @throws IllegalStateException before {@link #adapt}
     */
    public Tensor apply(List<String> texts) {
        requireAdapted("apply");
        int n = texts.size();
        if (outputMode == OutputMode.INT) {
            int[][] rows = new int[n][];
            int longest = 1;
            for (int r = 0; r < n; r++) {
                rows[r] = ids(texts.get(r));
                longest = Math.max(longest, rows[r].length);
            }
            int len = outputSequenceLength != null ? outputSequenceLength : longest;
            int[] out = new int[n * len];
            for (int r = 0; r < n; r++) System.arraycopy(rows[r], 0, out, r * len, Math.min(len, rows[r].length));
            return Tensor.of(out, n, len);
        }
        int v = vocabulary.size();
        float[] out = new float[n * v];
        for (int r = 0; r < n; r++) {
            for (int id : ids(texts.get(r))) {
                if (outputMode == OutputMode.MULTI_HOT) out[r * v + id] = 1;
                else out[r * v + id] += 1;
            }
            if (outputMode == OutputMode.TF_IDF) for (int k = 0; k < v; k++) out[r * v + k] = (float) (out[r * v + k] * idf[k]);
        }
        return Tensor.of(out, n, v);
    }

    // ---- config ------------------------------------------------------------------------------

    /**
     * The settings and, once adapted, {@code "vocabulary"} (the learnt tokens, without the special
     * entries) and for tf_idf {@code "idfWeights"} (the learnt tokens' weights), JSON-able.
     */
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        if (maxTokens != null) c.put("maxTokens", maxTokens);
        c.put("standardize", standardizeFunction != null ? "function:" + standardizeFunction : standardize.keyword());
        c.put("split", split.mode());
        if (split.separator() != null) c.put("splitPattern", split.separator());
        c.put("ngrams", Arrays.stream(ngrams).boxed().toList());
        c.put("outputMode", outputMode.keyword());
        if (outputSequenceLength != null) c.put("outputSequenceLength", outputSequenceLength);
        if (vocabulary != null) {
            int s = specials().size();
            c.put("vocabulary", vocabulary.subList(s, vocabulary.size()));
            if (idf != null) c.put("idfWeights", Arrays.stream(idf, s, idf.length).boxed().toList());
        }
        return c;
    }

    /**
     * The vectorizer {@code config} describes ({@link #config()}'s output, possibly after a trip
     * through JSON), adapted when the config holds a vocabulary.
     *
     * @throws IllegalArgumentException naming the key when the config is malformed, or a standardize
     *     function that is not registered
     */
    public static TextVectorization fromConfig(Map<String, ?> config) {
        ConfigMap c = new ConfigMap("TextVectorization config", Objects.requireNonNull(config, "config"));
        c.requireOnly(Set.of("maxTokens", "standardize", "split", "splitPattern", "ngrams", "outputMode", "outputSequenceLength",
                "vocabulary", "idfWeights"));
        TextVectorization tv = new TextVectorization().outputMode(OutputMode.of(c.string("outputMode", "int")));
        if (c.has("maxTokens")) tv.maxTokens(c.integer("maxTokens"));
        String std = c.string("standardize", Standardize.LOWER_AND_STRIP_PUNCTUATION.keyword());
        if (std.startsWith("function:")) tv.standardize(std.substring("function:".length()));
        else tv.standardize(Standardize.of(std));
        tv.split(Split.of(c.string("split", "whitespace"), c.string("splitPattern", null)));
        tv.ngramWidths(c.integers("ngrams", new int[] {1}));
        if (c.has("outputSequenceLength")) tv.outputSequenceLength(c.integer("outputSequenceLength"));
        if (c.has("vocabulary")) {
            List<String> tokens = strings(c, "vocabulary");
            double[] w = null;
            if (tv.outputMode == OutputMode.TF_IDF) {
                if (!(c.get("idfWeights") instanceof List<?> ws) || ws.size() != tokens.size()) {
                    throw new IllegalArgumentException("TextVectorization config: 'idfWeights' must be a list of " + tokens.size()
                            + " numbers, one per vocabulary token");
                }
                w = new double[ws.size()];
                for (int i = 0; i < w.length; i++) {
                    if (!(ws.get(i) instanceof Number x) || !Double.isFinite(x.doubleValue())) {
                        throw new IllegalArgumentException("TextVectorization config: 'idfWeights' holds " + ws.get(i) + " at " + i + "; each must be a finite number");
                    }
                    w[i] = x.doubleValue();
                }
            }
            tv.vocabulary(tokens, w);
        }
        return tv;
    }

    static List<String> strings(ConfigMap c, String key) {
        if (!(c.get(key) instanceof List<?> list)) throw new IllegalArgumentException(c.owner() + ": '" + key + "' must be a list of strings, got " + c.get(key));
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof String s)) throw new IllegalArgumentException(c.owner() + ": '" + key + "' must be a list of strings, got " + o + " in it");
            out.add(s);
        }
        return out;
    }

    @Override
    public String toString() {
        return "TextVectorization" + config().entrySet().stream().filter(e -> !e.getKey().equals("vocabulary") && !e.getKey().equals("idfWeights"))
                .map(e -> e.getKey() + "=" + e.getValue()).toList() + (vocabulary == null ? " (not adapted)" : " vocabulary of " + vocabulary.size());
    }
}
