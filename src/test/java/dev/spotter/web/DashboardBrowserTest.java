package dev.spotter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.demo.LegacyOrdersService;
import dev.spotter.demo.LegacyOrdersService.Build;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.store.StoredRun;
import dev.spotter.testsupport.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser (Debian's headless Chromium through chromedriver), end to end: a
 * post-mortem written in the form, a guard pinned to it in the incident's page, a check in which
 * the guard fails, and the confidence page naming the incident as what was caught. Screenshots of
 * each step are kept in target/screenshots for people to look at, and of the page a failing step
 * was on.
 */
class DashboardBrowserTest {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir Path dir;
  private Dashboard dashboard;
  private WebDriver browser;

  /** The step under way, which names the screenshot taken when the test fails partway. */
  private String step = "0-start";

  /** Runs before {@code @AfterEach} closes the browser, so the page that failed is still open. */
  @RegisterExtension
  final AfterTestExecutionCallback screenshotOnFailure =
      context -> {
        if (context.getExecutionException().isPresent() && browser != null) {
          screenshot("failed-at-" + step);
        }
      };

  @BeforeEach
  void start() {
    // CI installs the browser (.ci/run) and must run this test; elsewhere a machine without it
    // skips the test with a note rather than failing the build
    boolean installed =
        Files.isExecutable(Path.of("/usr/bin/chromedriver"))
            && (Files.isExecutable(Path.of("/usr/bin/chromium"))
                || Files.isExecutable(Path.of("/usr/bin/chromium-browser")));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        installed || "true".equals(System.getenv("CI")),
        "Debian's chromium and chromium-driver are not installed; .ci/run installs them");
    dashboard = new Dashboard(dir);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium());
    // headless, as root in a container, on a machine whose network is closed: without these,
    // Chromium's background connections fail and slow every start
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1600",
        "--user-data-dir=" + dir.resolve("chromium-profile"));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(chromedriver().toFile()).build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (dashboard != null) {
      dashboard.close();
    }
  }

  @Test
  void fromAPostMortemWrittenInTheBrowserToAGuardThatCatchesTheMistakeAgain() throws Exception {
    String title = "Orders of unknown customers answered 500";
    try (LegacyOrdersService old = LegacyOrdersService.start(Build.OLD, 0);
        LegacyOrdersService old2 = LegacyOrdersService.start(Build.OLD, 0);
        LegacyOrdersService broken = LegacyOrdersService.start(Build.NEW, 0)) {
      step = "1-incident";
      browser.get(dashboard.uri("/incidents/new").toString());
      browser.findElement(By.id("title")).sendKeys(title);
      browser.findElement(By.cssSelector("#severity option[value=sev2]")).click();
      browser.findElement(By.id("started")).sendKeys("2026-11-20 14:03");
      browser.findElement(By.id("detected")).sendKeys("2026-11-20 14:13");
      browser
          .findElement(By.id("factors"))
          .sendKeys("No replayed traffic covered unknown customers");
      browser
          .findElement(By.id("actions"))
          .sendKeys("prevent | orders-team | 2026-12-15 | Guard the unknown-customer request");
      submit(By.cssSelector("form.edit button[type=submit]"));
      assertThat(browser.getCurrentUrl()).as(browser.getPageSource()).endsWith("/incidents/1");
      assertThat(text())
          .contains(title)
          .contains("No replayed traffic covered unknown customers")
          .contains("Guard the unknown-customer request")
          .contains("No guard pinned to this incident yet.");
      screenshot(step);

      // the guard, pinned in the incident's own form: a typo first, shown with the user's text
      step = "2-guard-refused";
      browser.findElement(By.id("guard-name")).sendKeys("unknown customer's orders stay a 404");
      browser.findElement(By.id("guard-expect")).sendKeys("status 4o4");
      browser.findElement(By.cssSelector("#guard-method option[value=GET]")).click();
      browser.findElement(By.id("guard-path")).sendKeys("/customers/999999/orders");
      browser.findElement(By.id("guard-headers")).sendKeys("Authorization: Bearer guard-token");
      addGuard();
      assertThat(text()).contains("No guard was added", "'4o4' is not a status code");
      assertThat(browser.findElement(By.id("guard-path")).getAttribute("value"))
          .isEqualTo("/customers/999999/orders");
      screenshot(step);

      step = "3-guard-added";
      browser.findElement(By.id("guard-expect")).clear();
      browser.findElement(By.id("guard-expect")).sendKeys("status 404");
      addGuard();
      assertThat(browser.getCurrentUrl()).endsWith("/incidents/1#guards");
      assertThat(text())
          .contains("unknown customer's orders stay a 404")
          .contains("GET /customers/999999/orders")
          .contains("status 404")
          .contains("active")
          .doesNotContain("No guard was added");
      screenshot(step);

      // before the check, the confidence page names the incident only in its list
      browser.get(dashboard.uri("/").toString());
      int namedBefore = occurrences(text(), title);

      // a check in which the guard fails
      step = "4-check";
      corpusOfOneHarmlessRequest();
      String store = dir.resolve("spotter.db").toString();
      Cli.Result check =
          Cli.run(
              "check",
              "--corpus",
              "c",
              "--store",
              store,
              "--primary",
              old.baseUri().toString(),
              "--secondary",
              old2.baseUri().toString(),
              "--candidate",
              broken.baseUri().toString(),
              "--report",
              dir.resolve("report").toString());
      assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);

      step = "5-guards";
      browser.get(dashboard.uri("/guards").toString());
      assertThat(text()).contains("unknown customer's orders stay a 404", "status 404", title);
      screenshot(step);

      // the confidence page now names the incident as what was caught before production
      step = "6-confidence";
      browser.get(dashboard.uri("/").toString());
      String confidence = text();
      assertThat(browser.findElement(By.tagName("h1")).getText())
          .isEqualTo("Is the service getting safer?");
      assertThat(occurrences(confidence, title))
          .as(
              "the incident's title on the confidence page, before the check and now:\n%s",
              confidence)
          .isGreaterThan(namedBefore);
      assertThat(confidence).contains("Guard the unknown-customer request");
      screenshot(step);

      step = "7-runs";
      browser.get(dashboard.uri("/runs").toString());
      screenshot(step);
    }
  }

  @Test
  void aRunThatFailedWithUndecidedFindingsShowsThemOnTheListAndOnItsPage() throws Exception {
    // a shadow run that failed, and left a finding undecided besides: the reports say both
    String shadow =
        dashboard.store.saveRun(
            new StoredRun(
                null,
                "shadow",
                "shadow 127.0.0.1:8080",
                Instant.now().minusSeconds(120),
                Instant.now().minusSeconds(60),
                "fail",
                460,
                1,
                DashboardPagesTest.fixture("/fixtures/report/golden/undecided-path.json")));

    step = "1-run-list";
    browser.get(dashboard.uri("/runs").toString());
    WebElement row = browser.findElement(By.xpath("//tr[td/a[text()='" + shadow + "']]"));
    assertThat(row.getText()).contains("shadow", "fail", "1 finding undecided");
    screenshot(step);

    step = "2-run-page";
    browser.get(dashboard.uri("/runs/" + shadow).toString());
    assertThat(definition("Verdict")).startsWith("fail").contains("1 regression in 1 endpoint");
    assertThat(definition("Undecided")).isEqualTo("1 finding on 1 endpoint is undecided");
    assertThat(definition("Requests")).isEqualTo("460 requests: 460 compared, 0 skipped, 0 errors");
    assertThat(definition("Noise paths dismissed")).matches("\\d+");
    screenshot(step);
  }

  /** The value of a run page's field, as a reader sees it. */
  private String definition(String term) {
    return browser
        .findElement(By.xpath("//dl[@class='run']/div[dt[text()='" + term + "']]/dd"))
        .getText();
  }

  private void addGuard() throws InterruptedException {
    submit(By.cssSelector("form[action$='/guards#pin'] button[type=submit]"));
  }

  /**
   * Clicks a form's submit button and waits for the page it leads to (a redirect or the form again
   * with its message): a click returns before the browser has navigated on a slow machine.
   */
  private void submit(By button) throws InterruptedException {
    WebElement before = browser.findElement(By.tagName("html"));
    browser.findElement(button).click();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        before.getTagName();
      } catch (StaleElementReferenceException gone) {
        Object state = ((JavascriptExecutor) browser).executeScript("return document.readyState");
        if ("complete".equals(state)) {
          return;
        }
      }
      Thread.sleep(25);
    }
    throw new AssertionError("the page did not change within 20 s of submitting " + button);
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      n++;
    }
    return n;
  }

  /** What the page shows, as a reader sees it. */
  private String text() {
    return browser.findElement(By.tagName("body")).getText();
  }

  private void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private void corpusOfOneHarmlessRequest() {
    dashboard.store.append(
        "c",
        List.of(
            new Exchange(
                "e1",
                new HttpRequestData(
                    "GET",
                    "http://orders.example/products/SKU-10001",
                    new Headers(List.of(new Header("Authorization", "Bearer t"))),
                    Body.EMPTY),
                new HttpResponseData(200, Headers.EMPTY, Body.EMPTY),
                Instant.parse("2026-11-20T10:00:00Z"),
                1000,
                "test")));
  }

  private static String chromium() {
    for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "no Chromium: install Debian's chromium and chromium-driver (.ci/run does)");
  }

  private static Path chromedriver() {
    Path p = Path.of("/usr/bin/chromedriver");
    if (!Files.isExecutable(p)) {
      throw new IllegalStateException(
          "no chromedriver: install Debian's chromium-driver (.ci/run does)");
    }
    return p;
  }
}
