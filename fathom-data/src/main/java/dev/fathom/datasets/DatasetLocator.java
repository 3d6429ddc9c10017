package dev.fathom.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the files of a data set on this machine, or downloads the missing ones.
 *
 * <p>Each file is taken from the first of these folders that holds it, compressed ({@code .gz}) or
 * not (see {@link #searchFolders}):
 * <ol>
 *   <li>{@code $FATHOM_DATA/<name>/}, then {@code $FATHOM_DATA/} itself;</li>
 *   <li>{@code ~/.fathom/datasets/<name>/}, where downloads go;</li>
 *   <li>{@code /usr/share/datasets/<name>/}, where Debian's {@code dataset-*} packages install.</li>
 * </ol>
 * A file found nowhere is downloaded from {@link DatasetSpec#downloadUri} into
 * {@code ~/.fathom/datasets/<name>/}: written to a {@code .part} file in that folder, its MD5
 * checked against the published one, then renamed into place, so an interrupted or corrupt download
 * never leaves a file that looks complete. Progress goes to standard error.
 *
 * <p>Every folder, the downloader and the progress stream can be replaced ({@code with...}), so
 * tests and unusual setups do not depend on environment variables or the network. Instances are
 * immutable.
 *
 * <pre>{@code
 * List<Path> files = DatasetLocator.defaults().locate(FashionMnist.SPEC);   // four paths, spec order
 * DatasetLocator offline = DatasetLocator.defaults()
 *         .withDataDir(Path.of("/data"))
 *         .withFetcher(uri -> { throw new IOException("offline"); });
 * }</pre>
 */
public final class DatasetLocator {
    /** Where Debian's data set packages install. */
    public static final Path SYSTEM_DIR = Path.of("/usr/share/datasets");

    private final Path dataDir;   // $FATHOM_DATA, or null
    private final Path cacheDir;  // ~/.fathom/datasets
    private final Path systemDir; // /usr/share/datasets, or null
    private final Fetcher fetcher;
    private final PrintStream progress; // null: silent
    private final boolean interactive;

    private DatasetLocator(Path dataDir, Path cacheDir, Path systemDir, Fetcher fetcher, PrintStream progress,
                           boolean interactive) {
        this.dataDir = dataDir;
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.systemDir = systemDir;
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.progress = progress;
        this.interactive = interactive;
    }

    /**
     * The usual setup: {@code $FATHOM_DATA} (when set), {@code ~/.fathom/datasets},
     * {@code /usr/share/datasets}, {@link Fetcher#http()}, progress on standard error.
     */
    public static DatasetLocator defaults() {
        String env = System.getenv("FATHOM_DATA");
        Path data = env == null || env.isBlank() ? null : Path.of(env);
        Path cache = Path.of(System.getProperty("user.home"), ".fathom", "datasets");
        return new DatasetLocator(data, cache, SYSTEM_DIR, Fetcher.http(), System.err, isTerminal());
    }

    /** The same locator with {@code dir} in place of {@code $FATHOM_DATA}; null searches no such folder. */
    public DatasetLocator withDataDir(Path dir) {
        return new DatasetLocator(dir, cacheDir, systemDir, fetcher, progress, interactive);
    }

    /** The same locator with {@code dir} in place of {@code ~/.fathom/datasets}, searched and downloaded into. */
    public DatasetLocator withCacheDir(Path dir) {
        return new DatasetLocator(dataDir, dir, systemDir, fetcher, progress, interactive);
    }

    /** The same locator with {@code dir} in place of {@code /usr/share/datasets}; null searches no such folder. */
    public DatasetLocator withSystemDir(Path dir) {
        return new DatasetLocator(dataDir, cacheDir, dir, fetcher, progress, interactive);
    }

    /** The same locator downloading with {@code fetcher}. */
    public DatasetLocator withFetcher(Fetcher fetcher) {
        return new DatasetLocator(dataDir, cacheDir, systemDir, fetcher, progress, interactive);
    }

    /**
     * The same locator reporting download progress on {@code out} (null: silent); the line is
     * rewritten in place only when {@code out} is standard error on a terminal.
     */
    public DatasetLocator withProgress(PrintStream out) {
        return new DatasetLocator(dataDir, cacheDir, systemDir, fetcher, out, out == System.err && isTerminal());
    }

    /** The folders searched for {@code spec}'s files, in order. */
    public List<Path> searchFolders(DatasetSpec spec) {
        Set<Path> folders = new LinkedHashSet<>();
        if (dataDir != null) {
            folders.add(dataDir.resolve(spec.name()));
            folders.add(dataDir);
        }
        folders.add(downloadFolder(spec));
        if (systemDir != null) folders.add(systemDir.resolve(spec.name()));
        return List.copyOf(folders);
    }

    /** Where downloads of {@code spec} go: {@code ~/.fathom/datasets/<name>}. */
    public Path downloadFolder(DatasetSpec spec) {
        return cacheDir.resolve(spec.name());
    }

    /** The first file named {@code file.name()} or {@code file.downloadName()} in the search folders, if any. */
    public Optional<Path> find(DatasetSpec spec, DatasetFile file) {
        for (Path folder : searchFolders(spec)) {
            for (String name : List.of(file.name(), file.downloadName())) {
                Path candidate = folder.resolve(name);
                if (Files.isRegularFile(candidate)) return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Every file of {@code spec}, found locally or downloaded, in the order of {@link DatasetSpec#files()}.
     * Local files are not checksummed here (that needs their decompressed bytes, which the loader
     * reads anyway: {@link Idx#read(Path, String)}); downloads are.
     *
     * @throws DatasetException when a file is missing and cannot be downloaded: the message lists
     *     the folders searched, the URL that failed and why, and how to install the files by hand
     */
    public List<Path> locate(DatasetSpec spec) {
        List<Path> paths = new ArrayList<>();
        for (DatasetFile file : spec.files()) {
            Optional<Path> found = find(spec, file);
            paths.add(found.isPresent() ? found.get() : download(spec, file));
        }
        return paths;
    }

    /**
     * Downloads {@code file} into {@link #downloadFolder} (replacing any copy there), checking its
     * MD5 before it is renamed into place.
     *
     * @return the downloaded file, {@code <downloadFolder>/<file.downloadName()>}
     * @throws DatasetException when the download fails or its checksum differs; no file is left behind
     */
    public Path download(DatasetSpec spec, DatasetFile file) {
        URI uri = spec.downloadUri(file);
        Path folder = downloadFolder(spec);
        Path target = folder.resolve(file.downloadName());
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DatasetException(notFound(spec, file) + "Cannot create the download folder " + folder + ": " + e
                    + "\n" + fix(spec), e);
        }
        Path part;
        try {
            part = Files.createTempFile(folder, file.downloadName() + ".", ".part");
        } catch (IOException e) {
            throw new DatasetException(notFound(spec, file) + "Cannot write in the download folder " + folder + ": " + e
                    + "\n" + fix(spec), e);
        }
        try {
            String actual = fetch(uri, part, spec.name() + "/" + file.downloadName());
            if (!actual.equals(file.downloadMd5())) {
                throw new DatasetException("Download of " + uri + " is corrupt: its MD5 is " + actual + ", expected "
                        + file.downloadMd5() + "; nothing was saved as " + target + ". The server may have sent an"
                        + " error page or a changed file: try again later, or install the files by hand.\n" + fix(spec));
            }
            moveIntoPlace(part, target);
            return target;
        } catch (IOException e) {
            throw new DatasetException(notFound(spec, file) + "Download of " + uri + " failed: " + e + "\n" + fix(spec), e);
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // best effort: a stray .part file is never taken for the data set
            }
        }
    }

    /** Copies {@code uri} into {@code part}, returning the MD5 of what was received. */
    private String fetch(URI uri, Path part, String what) throws IOException {
        MessageDigest md5 = Digests.md5();
        DownloadProgress shown = null;
        boolean ok = false;
        try (Fetcher.Response response = fetcher.open(uri);
             InputStream in = response.body();
             OutputStream out = Files.newOutputStream(part)) {
            shown = new DownloadProgress(progress, interactive, uri + " to " + part.getParent(), response.length());
            byte[] buf = new byte[1 << 16];
            long received = 0;
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                md5.update(buf, 0, n);
                received += n;
                shown.advance(n);
            }
            if (response.length() >= 0 && received != response.length()) {
                throw new IOException("the connection closed after " + received + " of " + response.length() + " bytes");
            }
            ok = true;
        } finally {
            if (shown != null) {
                if (ok) shown.finish();
                else shown.abort();
            }
        }
        return Digests.hex(md5.digest());
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private String notFound(DatasetSpec spec, DatasetFile file) {
        StringBuilder sb = new StringBuilder();
        sb.append(spec.title()).append(": ").append(file.name()).append(" (or ").append(file.downloadName())
                .append(") is not on this machine, and downloading it failed.\nLooked in, in this order:\n");
        for (Path folder : searchFolders(spec)) sb.append("  ").append(folder).append('\n');
        if (dataDir == null) sb.append("  (FATHOM_DATA is not set; set it to a folder holding the files to look there first)\n");
        return sb.toString();
    }

    private String fix(DatasetSpec spec) {
        String names = spec.files().stream().map(DatasetFile::downloadName).collect(Collectors.joining(", "));
        String where = (dataDir != null ? dataDir.resolve(spec.name()) : "$FATHOM_DATA/" + spec.name()) + " or "
                + downloadFolder(spec);
        return "To fix: " + (spec.installHint().isEmpty() ? "" : spec.installHint() + ", or ")
                + "put " + names + " (gzip-compressed or not) in " + where + ".";
    }

    private static boolean isTerminal() {
        var console = System.console();
        return console != null && console.isTerminal();
    }
}
