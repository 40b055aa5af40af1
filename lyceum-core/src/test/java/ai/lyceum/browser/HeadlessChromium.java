package ai.lyceum.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The real headless Chromium the web-page tests drive (apt: chromium chromium-driver; {@code ./test} installs them),
 * started the same way by every module that serves a page: no network beyond loopback, a throwaway profile.
 */
public final class HeadlessChromium {
    private HeadlessChromium() {}

    /** A browser with a {@code width × height} window and its profile in {@code profileDir}. */
    public static WebDriver start(Path profileDir, int width, int height) throws IOException {
        var options = new ChromeOptions().setBinary(binary());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=" + width + "," + height,
                "--user-data-dir=" + Files.createDirectories(profileDir));
        var service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
        return new ChromeDriver(service, options);
    }

    /** Saves what the browser shows as {@code dir/name.png}, for a person to look at after the run. */
    public static void screenshot(WebDriver browser, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static String binary() {
        for (var p : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
            if (Files.isExecutable(Path.of(p))) return p;
        }
        throw new IllegalStateException("no Chromium found; run ./test as root, or apt-get install -y chromium chromium-driver");
    }
}
