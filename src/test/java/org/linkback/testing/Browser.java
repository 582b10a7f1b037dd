package org.linkback.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium + chromium-driver, which .ci/run installs),
 * driven by Selenium. Nothing is downloaded: the driver and browser paths are given.
 */
public final class Browser implements AutoCloseable {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    public static Browser start() {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver: "
                                            + "apt-get install -y chromium chromium-driver (.ci/run does this)");
        }
        try {
            Path profile = Files.createTempDirectory("linkback-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                 "--disable-dev-shm-usage", "--window-size=1100,900", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER))
                    .usingAnyFreePort()
                    .build();
            return new Browser(new ChromeDriver(service, options));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** The shadow root of the widget in this host element, once it has rendered its heading (or its quiet line). */
    public SearchContext widgetIn(WebElement host) {
        waiting().until(d -> host.getShadowRoot().findElements(By.cssSelector(".count, .quiet")).size() > 0);
        return host.getShadowRoot();
    }

    /**
     * Shows pages as a reader with these preferences would see them: {@code prefers-color-scheme}
     * ({@code light} or {@code dark}) and {@code prefers-reduced-motion} ({@code reduce} or
     * {@code no-preference}); null for the browser's own.
     */
    public void prefers(String colourScheme, String reducedMotion) {
        List<Map<String, String>> features = new ArrayList<>();
        if (colourScheme != null) {
            features.add(Map.of("name", "prefers-color-scheme", "value", colourScheme));
        }
        if (reducedMotion != null) {
            features.add(Map.of("name", "prefers-reduced-motion", "value", reducedMotion));
        }
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", features));
    }

    /** Sends these keys to whatever has the focus, as a keyboard would. */
    public void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    public WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    /** Saves a PNG of the window under target/screenshots/. */
    public Path screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
