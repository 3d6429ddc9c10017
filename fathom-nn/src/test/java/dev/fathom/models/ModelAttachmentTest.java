package dev.fathom.models;

import dev.fathom.layers.Dense;
import dev.fathom.saving.ModelFileException;
import dev.fathom.testing.ZipEntries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelAttachmentTest {
    @TempDir
    Path dir;

    private static Sequential model() {
        Sequential m = new Sequential(new Dense(2));
        m.build(3);
        return m;
    }

    @Test
    void attachmentsAreSavedAndLoadedWithTheModel() {
        Sequential m = model();
        Map<String, Object> prep = new LinkedHashMap<>();
        prep.put("type", "Preprocessor");
        prep.put("means", List.of(1.5, -0.1, 1e-300));
        prep.put("nested", Map.of("fitted", true, "names", List.of("sex=male", "ü")));
        m.attach("preprocessing", prep);
        m.attach("labels", Map.of("classes", List.of("a", "b")));
        Path p = dir.resolve("m.fathom");
        m.save(p);

        Model back = Model.load(p);
        assertEquals(List.of("preprocessing", "labels"), back.attachmentNames());
        assertEquals(prep, back.attachment("preprocessing"));
        assertEquals(Map.of("classes", List.of("a", "b")), back.attachment("labels"));
        assertEquals(2, ZipEntries.json(p, "fathom.json").get("version"), "a file with attachments is version 2");
    }

    @Test
    void aFileWithoutAttachmentsStaysVersion1() throws IOException {
        Path p = dir.resolve("plain.fathom");
        model().save(p);
        assertEquals(1, ZipEntries.json(p, "fathom.json").get("version"), "older Fathoms read it whole");
        assertEquals(List.of(), Model.load(p).attachmentNames());
        assertTrue(!ZipEntries.json(p, "fathom.json").containsKey("attachments"));
    }

    @Test
    void theModelKeepsACopy() {
        Sequential m = model();
        Map<String, Object> config = new LinkedHashMap<>(Map.of("x", 1));
        m.attach("a", config);
        config.put("x", 2);
        assertEquals(Map.of("x", 1), m.attachment("a"));
        m.attachment("a").put("x", 3);
        assertEquals(Map.of("x", 1), m.attachment("a"), "each call gives a fresh copy");
        m.attach("a", Map.of("x", 4));
        assertEquals(Map.of("x", 4), m.attachment("a"), "attaching again replaces");
        assertEquals(List.of("a"), m.attachmentNames());
    }

    @Test
    void misuseIsExplained() {
        Sequential m = model();
        var none = assertThrows(IllegalArgumentException.class, () -> m.attachment("preprocessing"));
        assertTrue(none.getMessage().contains("no attachment 'preprocessing'") && none.getMessage().contains("model.attach"),
                none.getMessage());
        m.attach("labels", Map.of());
        var other = assertThrows(IllegalArgumentException.class, () -> m.attachment("preprocessing"));
        assertTrue(other.getMessage().contains("it has [labels]"), other.getMessage());
        var blank = assertThrows(IllegalArgumentException.class, () -> m.attach(" ", Map.of()));
        assertTrue(blank.getMessage().contains("not blank"), blank.getMessage());
        var nan = assertThrows(IllegalArgumentException.class, () -> m.attach("stats", Map.of("mean", Double.NaN)));
        assertTrue(nan.getMessage().contains("attachment 'stats' cannot be saved as JSON"), nan.getMessage());
        var object = assertThrows(IllegalArgumentException.class, () -> m.attach("x", Map.of("o", new Object())));
        assertTrue(object.getMessage().contains("cannot be saved as JSON"), object.getMessage());
    }

    @Test
    void aDamagedAttachmentIsRefusedNamingIt() throws IOException {
        Sequential m = model();
        m.attach("preprocessing", Map.of("a", 1));
        Path p = dir.resolve("m.fathom");
        m.save(p);
        ZipEntries.editJson(p, "fathom.json", man -> man.put("attachments", Map.of("preprocessing", List.of(1, 2))));
        var e = assertThrows(ModelFileException.class, () -> Model.load(p));
        assertTrue(e.getMessage().contains("attachment 'preprocessing' must be an object"), e.getMessage());
        ZipEntries.editJson(p, "fathom.json", man -> man.put("attachments", "nothing"));
        var all = assertThrows(ModelFileException.class, () -> Model.load(p));
        assertTrue(all.getMessage().contains("'attachments' must be an object"), all.getMessage());
    }
}
