package dev.fathom.spark;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The fixture the Spark tests share: a {@link TestSpark#local() local[2]} session started before the
 * test class and stopped after it, and a temporary folder for the class's files. Test classes run
 * one after another, so the static fields hold the running class's session.
 *
 * <pre>{@code
 * class MySparkTest extends LocalSparkTest {
 *     @Test void counts() { assertEquals(3, spark.range(3).count()); }
 * }
 * }</pre>
 */
abstract class LocalSparkTest {
    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = TestSpark.local();
    }

    @AfterAll
    static void stopSpark() {
        TestSpark.stop(spark);
    }
}
