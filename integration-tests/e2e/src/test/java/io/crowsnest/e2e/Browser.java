package io.crowsnest.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium through chromium-driver (Debian's packages), at 1280×720 like an agent's
 * screen. When the packages are missing the test installs them if this machine can (root with
 * apt-get), and otherwise fails with the command to run — it never skips.
 */
final class Browser {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final String INSTALL = "apt-get install -y chromium chromium-driver";

    private Browser() {
    }

    static ChromeDriver start() throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            install();
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,720",
                        "--disable-gpu", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 720));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }

    /** A screenshot for the docs, written where docs/console.md shows it. */
    static void screenshot(ChromeDriver driver, Path docs, String name) throws IOException {
        Files.createDirectories(docs);
        Files.write(docs.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private static void install() throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean apt = Files.isExecutable(Path.of("/usr/bin/apt-get"));
        if (root && apt) {
            Process process = new ProcessBuilder(List.of("/bin/sh", "-c", "DEBIAN_FRONTEND=noninteractive " + INSTALL))
                    .inheritIO().start();
            if (process.waitFor() == 0 && Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER)) {
                return;
            }
        }
        throw new AssertionError("the console's browser tests need Chromium and its driver (" + CHROMIUM + ", "
                + DRIVER + "); install them with: sudo " + INSTALL);
    }
}
