/**
 * Fixtures for Fathom's own tests: golden values written by the committed PyTorch and
 * scikit-learn scripts ({@link dev.fathom.testing.Golden}) and zip entries of saved files taken
 * apart and put back ({@link dev.fathom.testing.ZipEntries}), the promise fuzz tests check
 * ({@link dev.fathom.testing.FuzzContract}), and an HTML page opened in headless
 * Chromium ({@link dev.fathom.testing.BrowserCheck}). A test-scope dependency of the
 * library modules; not part of the library.
 */
module dev.fathom.testing {
    requires java.management;
    requires transitive dev.fathom.saving;
    requires java.logging;
    // BrowserCheck's alone, present where a module's tests open a browser:
    requires static org.junit.jupiter.api;
    requires static org.seleniumhq.selenium.api;
    requires static org.seleniumhq.selenium.chrome_driver;
    requires static org.seleniumhq.selenium.chromium_driver;
    requires static org.seleniumhq.selenium.remote_driver;

    exports dev.fathom.testing;
}
