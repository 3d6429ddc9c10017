package dev.fathom.testing;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.CapabilityType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Opens an HTML file in a real browser — Debian's headless Chromium, driven through chromedriver
 * by Selenium — and reports what a reader would see go wrong: images that did not load or draw,
 * errors in the browser's console, and characters the browser could not decode. Shared with other
 * modules through fathom-plots' test-jar, so any report Fathom writes can be checked the same way.
 *
 * <pre>{@code
 * BrowserCheck.assumeAvailable();                     // skips the test where there is no browser
 * BrowserCheck.Result r = BrowserCheck.open(Path.of("report.html"));
 * assertTrue(r.ok(), r.summary());
 * BrowserCheck.screenshot(Path.of("report.html"), Path.of("report.png"));
 * BrowserCheck.screenshots(Path.of("report.html"), "figure", Path.of("target/shots"), "figure");  // one PNG per figure
 * Object boxes = BrowserCheck.evaluate(Path.of("report.html"), "return [...document.images].length;");
 * }</pre>
 *
 * <p>Nothing waits without a limit: chromedriver gets 30 s to start the browser, the page 60 s to
 * load and each script 30 s; the browser is quit after every call.
 */
public final class BrowserCheck {
    private BrowserCheck() {}

    /**
     * Selenium warns on every start that it has no DevTools bindings for this Chromium's version;
     * the check uses only WebDriver, so the warning is noise. Held here so the setting is not collected.
     */
    private static final Logger DEVTOOLS_LOG = Logger.getLogger("org.openqa.selenium.devtools");

    static {
        DEVTOOLS_LOG.setLevel(Level.SEVERE);
    }

    /** Where Chromium and chromedriver are looked for when not on the PATH. */
    private static final List<String> CHROMIUM_NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");
    private static final List<String> DRIVER_NAMES = List.of("chromedriver");

    /** The browser window, CSS pixels: wide enough for the report's 1000-pixel column. */
    public static final int WIDTH = 1200;
    /** The window's height, which is also how much of the page a screenshot shows. */
    public static final int HEIGHT = 1600;

    /** Every embedded picture, counted and checked, read in the page after it has loaded. */
    private static final String INSPECT = """
            const out = {images: 0, broken: []};
            for (const img of document.images) {
              out.images++;
              const r = img.getBoundingClientRect();
              if (!(img.complete && img.naturalWidth > 0 && r.width > 0 && r.height > 0))
                out.broken.push('img ' + (img.alt || img.src.slice(0, 60)));
            }
            for (const svg of document.querySelectorAll('svg')) {
              if (svg.parentElement && svg.parentElement.closest('svg')) continue;   // nested: part of its outer one
              out.images++;
              const r = svg.getBoundingClientRect();
              let drawn = 0;
              try { const b = svg.getBBox(); drawn = b.width * b.height; } catch (e) { drawn = 0; }
              if (!(r.width > 0 && r.height > 0 && drawn > 0))
                out.broken.push('svg ' + (svg.getAttribute('aria-label') || '(no label)').slice(0, 60));
            }
            out.text = document.body ? document.body.innerText : '';
            out.title = document.title;
            out.charset = document.characterSet;
            out.width = document.documentElement.scrollWidth;
            return out;
            """;

    /**
     * What the browser made of a page.
     *
     * @param title         the document's title
     * @param images        how many {@code <img>} and outermost {@code <svg>} elements it holds
     * @param broken        those that did not load or draw nothing, as "img ALT" or "svg LABEL"
     * @param consoleErrors the browser console's SEVERE entries (failed loads, script errors, bad markup it reported)
     * @param charset       the character set the browser decoded the page with, e.g. "UTF-8"
     * @param replacementCharacters how many U+FFFD (�) the visible text holds: bytes that did not decode
     * @param text          the page's visible text, as the browser lays it out
     * @param pageWidth     the page's scroll width in CSS pixels; more than {@link #WIDTH} means something overflows
     */
    public record Result(String title, int images, List<String> broken, List<String> consoleErrors, String charset,
            int replacementCharacters, String text, int pageWidth) {

        /** Whether every image loaded, the console is free of errors and every character decoded. */
        public boolean ok() {
            return broken.isEmpty() && consoleErrors.isEmpty() && replacementCharacters == 0 && "UTF-8".equalsIgnoreCase(charset);
        }

        /** One paragraph for an assertion message. */
        public String summary() {
            return "'" + title + "': " + images + " images, " + broken.size() + " broken " + broken + ", " + consoleErrors.size()
                    + " console errors " + consoleErrors + ", charset " + charset + ", " + replacementCharacters
                    + " undecodable characters, page width " + pageWidth + " px";
        }
    }

    /** Why no browser can be driven here (no Chromium, no chromedriver), or empty when one can. */
    public static Optional<String> unavailable() {
        if (find(CHROMIUM_NAMES).isEmpty()) {
            return Optional.of("no Chromium found (looked for " + CHROMIUM_NAMES + " on the PATH); install it with "
                    + "`apt-get install -y chromium chromium-driver` (.ci/run does so when it runs as root)");
        }
        if (find(DRIVER_NAMES).isEmpty()) {
            return Optional.of("Chromium is installed but chromedriver is not on the PATH; install it with `apt-get install -y chromium-driver`");
        }
        return Optional.empty();
    }

    /** A JUnit assumption: the calling test is skipped, with the reason, where no browser can be driven. */
    public static void assumeAvailable() {
        Optional<String> why = unavailable();
        Assumptions.assumeTrue(why.isEmpty(), () -> "browser check skipped: " + why.orElse(""));
    }

    /**
     * Opens {@code html} from its {@code file://} URL, waits for it to load and reports what went wrong.
     *
     * @throws IllegalStateException when no browser is available ({@link #unavailable()} says why)
     * @throws IllegalArgumentException when the file does not exist
     */
    public static Result open(Path html) {
        return session(html, driver -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> page = (Map<String, Object>) driver.executeScript(INSPECT);
            List<String> errors = new ArrayList<>();
            for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
                if (e.getLevel().intValue() >= Level.SEVERE.intValue()) errors.add(e.getMessage());
            }
            @SuppressWarnings("unchecked")
            List<String> broken = List.copyOf((List<String>) page.get("broken"));
            String text = (String) page.get("text");
            return new Result((String) page.get("title"), ((Number) page.get("images")).intValue(), broken, List.copyOf(errors),
                    (String) page.get("charset"), (int) text.chars().filter(c -> c == '\uFFFD').count(), text,
                    ((Number) page.get("width")).intValue());
        });
    }

    /**
     * Writes a PNG of the top of {@code html} as a {@link #WIDTH} x {@link #HEIGHT} browser window shows it.
     *
     * @throws IllegalStateException when no browser is available
     */
    public static void screenshot(Path html, Path png) {
        byte[] bytes = session(html, driver -> driver.getScreenshotAs(OutputType.BYTES));
        try {
            Path dir = png.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            Files.write(png, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the screenshot to " + png.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes one PNG per element of {@code html} that matches {@code cssSelector}, as the browser
     * draws it, to {@code dir} as {@code prefix-01.png}, {@code prefix-02.png} ... (a figure or a
     * table each, for a person to look at), and returns their paths in page order.
     *
     * @throws IllegalStateException when no browser is available
     */
    public static List<Path> screenshots(Path html, String cssSelector, Path dir, String prefix) {
        List<byte[]> shots = session(html, driver -> {
            List<byte[]> out = new ArrayList<>();
            for (var element : driver.findElements(org.openqa.selenium.By.cssSelector(cssSelector))) {
                driver.executeScript("arguments[0].scrollIntoView({block: 'start'});", element);
                out.add(element.getScreenshotAs(OutputType.BYTES));
            }
            return out;
        });
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < shots.size(); i++) {
                Path png = dir.resolve(String.format(java.util.Locale.ROOT, "%s-%02d.png", prefix, i + 1));
                Files.write(png, shots.get(i));
                files.add(png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the screenshots to " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return files;
    }

    /**
     * Runs {@code script} (the body of a JavaScript function; {@code return} gives its result) in
     * {@code html} after it has loaded, and returns what it returned as Selenium converts it: numbers
     * as {@code Long} or {@code Double}, arrays as {@code List}, objects as {@code Map}.
     *
     * @throws IllegalStateException when no browser is available
     */
    public static Object evaluate(Path html, String script) {
        return session(html, driver -> driver.executeScript(script));
    }

    /** Starts a headless browser, loads {@code html}, applies {@code work}, and always quits the browser. */
    private static <T> T session(Path html, Function<ChromeDriver, T> work) {
        Optional<String> why = unavailable();
        if (why.isPresent()) throw new IllegalStateException("cannot open " + html + " in a browser: " + why.get());
        if (!Files.isRegularFile(html)) throw new IllegalArgumentException("cannot open " + html.toAbsolutePath() + " in a browser: no such file");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(find(CHROMIUM_NAMES).get().toFile());
        // --no-sandbox: containers and CI run as root, where Chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=" + WIDTH + "," + HEIGHT, "--hide-scrollbars", "--no-first-run", "--lang=en-US");
        options.setPageLoadStrategy(PageLoadStrategy.NORMAL);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        options.setCapability(CapabilityType.ACCEPT_INSECURE_CERTS, false);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(find(DRIVER_NAMES).get().toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(30))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
            // --window-size counts the window's frame; size it so the page itself gets WIDTH x HEIGHT.
            @SuppressWarnings("unchecked")
            List<Number> frame = (List<Number>) driver.executeScript("return [outerWidth - innerWidth, outerHeight - innerHeight];");
            driver.manage().window().setSize(new Dimension(WIDTH + frame.get(0).intValue(), HEIGHT + frame.get(1).intValue()));
            driver.get(html.toAbsolutePath().toUri().toString());
            return work.apply(driver);
        } finally {
            driver.quit();
        }
    }

    /** The first of {@code names} that is an executable file in a folder of the PATH. */
    private static Optional<Path> find(List<String> names) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of((path == null ? "" : path).split(java.io.File.pathSeparator)));
        dirs.add("/usr/bin");
        dirs.add("/usr/lib/chromium");
        for (String name : names) {
            for (String dir : dirs) {
                if (dir.isEmpty()) continue;
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
