package dev.fathom.cli;

import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.SimpleImputer;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CSV options every command that reads data shares, the sniffed dialect's line, and the non-finite rule of predict. */
class CsvReadOptionsTest {
    @TempDir
    Path dir;

    private Path csv(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void everyCommandThatReadsDataHasTheOptions() {
        for (String command : List.of("train", "predict", "evaluate", "describe")) {
            Cli.Run r = Cli.run(command, "--help");
            for (String option : List.of("--delimiter", "--decimal", "--encoding", "--skip-bad-rows")) {
                assertTrue(r.out().contains(option), command + " lacks " + option + ":\n" + r.out());
            }
        }
    }

    @Test
    void describeSaysTheSniffedDialectInOneLine() throws Exception {
        Path p = csv("excel.csv", "price;weight;city\n1,5;2,25;Oslo\n2;3,5;Rome\n10,75;1;Oslo\n");
        Cli.Run r = Cli.run("describe", p.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(p + ": 3 rows x 3 columns (2 numeric, 1 categorical)", lines.get(0));
        assertEquals("read " + p + ": ';'-separated, decimal comma, UTF-8", lines.get(1));
        // Told otherwise, the numbers with commas are text.
        Cli.Run points = Cli.run("describe", p.toString(), "--decimal", ".");
        assertEquals(0, points.code(), points.err());
        assertTrue(points.out().startsWith(p + ": 3 rows x 3 columns (3 categorical)"), points.out());
        Cli.Run bad = Cli.run("describe", p.toString(), "--decimal", "x");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--decimal takes '.' or ','; got 'x'"), bad.err());
    }

    /** fathom-data's committed corpus of dialects and traps, read by describe: types and the dialect line. */
    @Test
    void describeReadsTheCorpus() {
        Path corpus = Path.of("..", "fathom-data", "src", "test", "resources", "csv-corpus");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("excel-europe.csv", "12 rows x 4 columns (3 numeric, 1 categorical) :: ';'-separated, decimal comma, UTF-8");
        expected.put("semicolon-decimal-point.csv", "12 rows x 4 columns (3 numeric, 1 categorical) :: ';'-separated, decimal point, UTF-8");
        expected.put("tab-named-csv.csv", "12 rows x 4 columns (3 numeric, 1 categorical) :: tab-separated, decimal point, UTF-8");
        expected.put("pipe.csv", "12 rows x 4 columns (3 numeric, 1 categorical) :: '|'-separated, decimal point, UTF-8");
        expected.put("utf8-bom.csv", "3 rows x 2 columns (1 numeric, 1 categorical) :: ','-separated, decimal point, UTF-8 with BOM");
        expected.put("utf16le-bom.csv", "3 rows x 2 columns (1 numeric, 1 categorical) :: ','-separated, decimal point, UTF-16LE with BOM");
        expected.put("utf16be-bom.csv", "3 rows x 2 columns (1 numeric, 1 categorical) :: ';'-separated, decimal comma, UTF-16BE with BOM");
        expected.put("utf16le-no-bom.csv", "3 rows x 2 columns (1 numeric, 1 categorical) :: ','-separated, decimal point, UTF-16LE without BOM");
        expected.put("single-quotes.csv", "3 rows x 3 columns (1 numeric, 2 categorical) :: ','-separated, quote ''', decimal point, UTF-8");
        expected.put("stray-word.csv", "60 rows x 4 columns (3 numeric, 1 categorical) :: ','-separated, decimal point, UTF-8");
        expected.put("stray-word-first.csv", "60 rows x 4 columns (3 numeric, 1 categorical) :: ','-separated, decimal point, UTF-8");
        expected.put("codes.csv", "6 rows x 2 columns (1 numeric, 1 categorical) :: ','-separated, decimal point, UTF-8");
        expected.put("infinities.csv", "6 rows x 2 columns (2 numeric) :: ','-separated, decimal point, UTF-8");
        expected.put("empty-header-cell.csv", "2 rows x 3 columns (3 numeric) :: ','-separated, decimal point, UTF-8");
        expected.put("blank-header.csv", "2 rows x 3 columns (3 numeric) :: ','-separated, decimal point, UTF-8");
        expected.put("nul.csv", "3 rows x 2 columns (2 categorical) :: ','-separated, decimal point, UTF-8");
        expected.put("crlf.csv", "2 rows x 2 columns (2 numeric) :: ','-separated, decimal point, UTF-8");
        for (var e : expected.entrySet()) {
            Path p = corpus.resolve(e.getKey());
            Cli.Run r = Cli.run("describe", p.toString());
            assertEquals(0, r.code(), e.getKey() + ": " + r.err());
            String[] want = e.getValue().split(" :: ");
            List<String> lines = r.out().lines().toList();
            assertEquals(p + ": " + want[0], lines.get(0), e.getKey());
            assertEquals("read " + p + ": " + want[1], lines.get(1), e.getKey());
        }
        Cli.Run stray = Cli.run("describe", corpus.resolve("stray-word.csv").toString());
        assertTrue(stray.out().contains("  column 'petal_length' is numeric, but 1 of its 60 values is not a number and is read as missing:"
                + " line 35 'four' (a column is numeric when at least 95% of its values are numbers; here 98.33%). Fix the value\n"),
                stray.out());
        Cli.Run quote = Cli.run("describe", corpus.resolve("unterminated-quote-swallows-lines.csv").toString());
        assertEquals(1, quote.code());
        assertTrue(quote.err().contains("line 2, column 2: the quoted value that opens on this line runs over 3 lines, to line 4"),
                quote.err());
        assertTrue(quote.err().strip().endsWith("--skip-bad-rows skips such rows"), quote.err());
    }

    @Test
    void hintsNameTheFlagsNotTheJavaMethods() throws Exception {
        Path ragged = csv("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n");
        Cli.Run r = Cli.run("describe", ragged.toString());
        assertEquals(1, r.code());
        assertEquals("fathom: " + ragged + ", line 3: this row has 2 fields but the first line has 3 (too few): the file is read as"
                + " ','-separated, and a delimiter inside a value needs quotes (\"a,b\"); if the file uses another delimiter, set it with"
                + " --delimiter ';'. --skip-bad-rows skips such rows", r.err().strip());
        Cli.Run skipped = Cli.run("describe", ragged.toString(), "--skip-bad-rows");
        assertEquals(0, skipped.code(), skipped.err());
        assertTrue(skipped.out().contains("Skipped 1 malformed row:"), skipped.out());

        Path latin = dir.resolve("latin.csv");
        Files.write(latin, "name,n\nAnn,1\nZo\u00eb,2\n".getBytes(StandardCharsets.ISO_8859_1));
        Cli.Run e = Cli.run("describe", latin.toString());
        assertEquals(1, e.code());
        assertEquals("fathom: " + latin + ", line 3: the bytes 0xEB after 'Zo' are not valid UTF-8 text. If the file was saved in another"
                + " encoding (Windows or Latin-1 files often are), read it with --encoding ISO-8859-1 or the charset it was written in",
                e.err().strip());
        Cli.Run read = Cli.run("describe", latin.toString(), "--encoding", "latin1");
        assertEquals(0, read.code(), read.err());
        assertTrue(read.out().contains("read " + latin + ": ','-separated, decimal point, ISO-8859-1"), read.out());
        assertFalse(r.err().contains("CsvOptions") || e.err().contains("CsvOptions"));
    }

    /** iris with the median imputed in every feature, then standardized. */
    private Path imputingModel() {
        TabularDataset d = Datasets.load("iris");
        Preprocessor prep = Preprocessor.builder()
                .numeric(d.featureNames(), new SimpleImputer(SimpleImputer.Strategy.MEDIAN), new StandardScaler()).build();
        Path model = dir.resolve("iris-imputed.fathom");
        Pipeline.fit(d.table(), d.targetName(), prep, new KNeighborsClassifier(3)).save(model);
        return model;
    }

    private Path irisRows(String name, String third) throws Exception {
        Table t = Datasets.load("iris").table().first(4);
        Path p = Fixtures.writeCsv(t, dir.resolve(name));
        List<String> lines = new ArrayList<>(Files.readAllLines(p));
        String[] cells = lines.get(2).split(",");   // row 1
        cells[2] = third;
        lines.set(2, String.join(",", cells));
        Files.write(p, lines);
        return p;
    }

    @Test
    void predictAndEvaluateRefuseInfinityNamingRowAndColumnOrReadItAsMissingOnRequest() throws Exception {
        Path model = imputingModel();
        String column = Datasets.load("iris").featureNames().get(2);
        Path inf = irisRows("inf.csv", "inf");
        Cli.Run r = Cli.run("predict", model.toString(), inf.toString());
        assertEquals(1, r.code());
        assertEquals("fathom: " + inf + ": row 1, column '" + column + "' holds Infinity, which the model cannot compute with; fix the"
                + " value, or add --nonfinite-as-missing to read such values as missing values, which the model imputes in '" + column + "'",
                r.err().strip());
        Cli.Run asMissing = Cli.run("predict", model.toString(), inf.toString(), "--nonfinite-as-missing", "--proba");
        Cli.Run empty = Cli.run("predict", model.toString(), irisRows("empty.csv", "").toString(), "--proba");
        assertEquals(0, asMissing.code(), asMissing.err());
        assertEquals(empty.out(), asMissing.out());

        Cli.Run evaluate = Cli.run("evaluate", model.toString(), inf.toString());
        assertEquals(1, evaluate.code());
        assertEquals(r.err(), evaluate.err());
        Cli.Run evaluated = Cli.run("evaluate", model.toString(), inf.toString(), "--nonfinite-as-missing");
        assertEquals(0, evaluated.code(), evaluated.err());

        Path big = irisRows("big.csv", "1e39");   // a double, but beyond float32
        Cli.Run b = Cli.run("predict", model.toString(), big.toString());
        assertEquals(1, b.code());
        assertTrue(b.err().startsWith("fathom: " + big + ": row 1, column '" + column + "' holds 1e+39, beyond the range of float32"
                + " (±3.403e+38), which the model computes in; fix the value, or add --nonfinite-as-missing"), b.err());
    }

    @Test
    void predictRefusesInfinityWhereTheModelDoesNotImpute() throws Exception {
        Fixtures.Fitted f = Fixtures.fit("iris", new KNeighborsClassifier(3), dir);   // standardized only
        String column = f.pipeline().inputs().get(2).name();
        Path inf = irisRows("inf.csv", "-Infinity");
        String refusal = "fathom: " + inf + ": row 1, column '" + column + "' holds -Infinity, which the model cannot compute with";
        Cli.Run r = Cli.run("predict", f.model().toString(), inf.toString());
        assertEquals(1, r.code());
        assertEquals(refusal + "; fix the value: the model does not impute '" + column + "', so it cannot be read as missing either",
                r.err().strip());
        Cli.Run asked = Cli.run("predict", f.model().toString(), inf.toString(), "--nonfinite-as-missing");
        assertEquals(1, asked.code());
        assertEquals(refusal + ", and it cannot be read as missing: the pipeline does not impute '" + column + "' (it was trained"
                + " without an imputer for it); fix the value", asked.err().strip());
    }
}
