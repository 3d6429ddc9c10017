package dev.fathom.spark;

import org.apache.spark.launcher.JavaModuleOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on loopback for the tests: a master and two one-core workers, each a
 * JVM of its own started from the Spark jars on the test class path (no Spark installation), on
 * ephemeral ports. Executors get the same class path through {@code spark.executor.extraClassPath}.
 */
final class LocalCluster implements AutoCloseable {
    private static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://127\\.0\\.0\\.1:\\d+)");
    private static final Pattern REGISTERED = Pattern.compile("Successfully registered with master");

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();
    private String url;

    private LocalCluster(Path dir) {
        this.dir = dir;
    }

    /** The class path of the JVMs: this test JVM's (Surefire's may be one jar whose manifest names the rest, which works too). */
    static String classPath() {
        return System.getProperty("java.class.path");
    }

    /** The JVM options Spark's launcher adds on Java 17+, and Fathom's (the Vector API, native access). */
    static List<String> jvmOptions() {
        List<String> o = new ArrayList<>(Arrays.asList(JavaModuleOptions.defaultModuleOptions().split("\\s+")));
        o.removeIf(s -> s.contains("sun.security.action") || s.isBlank());
        o.add("--add-modules=jdk.incubator.vector");
        o.add("--enable-native-access=ALL-UNNAMED");
        return o;
    }

    /**
     * Starts the cluster and waits (up to {@code seconds}) for both workers to register.
     *
     * @return the cluster, or empty with the reason printed when it could not start here
     */
    static Optional<LocalCluster> start(Path dir, int seconds) {
        LocalCluster c = new LocalCluster(dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            Path home = Files.createDirectories(dir.resolve("spark-home/jars"));   // no Spark installation: an empty jars folder
            Path log = dir.resolve("log4j2.properties");
            Files.writeString(log, """
                    rootLogger.level = warn
                    rootLogger.appenderRef.stdout.ref = console
                    appender.console.type = Console
                    appender.console.name = console
                    appender.console.layout.type = PatternLayout
                    appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
                    logger.deploy.name = org.apache.spark.deploy
                    logger.deploy.level = info
                    """);
            Path masterLog = dir.resolve("master.log");
            c.launch(masterLog, home.getParent(), log, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "0",
                    "--webui-port", "0");
            Matcher m = c.await(masterLog, MASTER_URL, deadline);
            if (m == null) return c.giveUp("the master printed no URL in " + seconds + " s (see " + masterLog + ")");
            c.url = m.group(1);
            for (int i = 0; i < 2; i++) {
                Path workerLog = dir.resolve("worker" + i + ".log");
                c.workers.add(c.launch(workerLog, home.getParent(), log, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--port", "0", "--webui-port", "0", "--cores", "1", "--memory", "1g", "--work-dir",
                        Files.createDirectories(dir.resolve("work" + i)).toString(), c.url));
            }
            for (int i = 0; i < 2; i++) {
                Path workerLog = dir.resolve("worker" + i + ".log");
                if (c.await(workerLog, REGISTERED, deadline) == null) {
                    return c.giveUp("worker " + i + " did not register with the master in " + seconds + " s (see " + workerLog + ")");
                }
            }
            return Optional.of(c);
        } catch (IOException e) {
            return c.giveUp("could not start a JVM: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return c.giveUp("interrupted");
        }
    }

    private Optional<LocalCluster> giveUp(String why) {
        System.out.println("skipped: a standalone Spark cluster could not start on loopback: " + why);
        close();
        return Optional.empty();
    }

    private Process launch(Path log, Path sparkHome, Path logConfig, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.addAll(jvmOptions());
        cmd.add("-Dlog4j2.configurationFile=" + logConfig.toUri());
        cmd.add("-Dspark.master.rest.enabled=false");   // the REST submission server would take the fixed port 6066
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(main);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** Waits for a line matching {@code pattern} in {@code log} until the deadline; null if none came or a JVM died. */
    private Matcher await(Path log, Pattern pattern, long deadline) throws IOException, InterruptedException {
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Matcher m = pattern.matcher(Files.readString(log));
                if (m.find()) return m;
            }
            if (processes.stream().anyMatch(p -> !p.isAlive())) return null;
            Thread.sleep(100);   // polling a condition, with a deadline
        }
        return null;
    }

    String url() {
        return url;
    }

    /**
     * Kills, as {@code kill -9} would, the worker JVM that runs the executor {@code executorId}
     * (the worker whose work folder holds {@code app-.../<executorId>}), and that executor.
     *
     * @return the worker's number, or -1 when no worker runs that executor
     */
    int killWorkerOf(String executorId) {
        for (int i = 0; i < workers.size(); i++) {
            try (var apps = Files.list(dir.resolve("work" + i))) {
                if (apps.anyMatch(app -> Files.isDirectory(app.resolve(executorId)))) {
                    Process w = workers.get(i);
                    w.descendants().forEach(ProcessHandle::destroyForcibly);
                    w.destroyForcibly();
                    return i;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return -1;
    }

    @Override
    public void close() {
        for (Process p : processes.reversed()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
