package lurch.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import lurch.db.Database;
import lurch.db.RunStatus;
import lurch.server.api.TestWorkers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The pages in a real headless Chromium: one server and one browser for the class, logged in once. */
class WebPagesBrowserTest {

    static WebFixture web;
    static ChromeDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        web = new WebFixture();
        web.program("greet", """
                (let who "world" "whom to greet"
                  (isolate (chroot "busybox")
                    (sequence (exec "/bin/echo" ("first hello ${who}"))
                              (exec "/bin/sleep" ("1"))
                              (exec "/bin/echo" ("second hello ${who}")))))""");
        web.program("gate", "(sequence (approve null \"ship it?\" f) (no-op 0))");
        web.program("slow", "(isolate (chroot \"busybox\") (exec \"/bin/sleep\" (\"30\")))");
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,800", "--user-data-dir=" + Files.createTempDirectory("lurch-chromium-"));
        browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build(), options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.get(web.base + "/login");
        browser.findElement(By.id("name")).sendKeys(WebFixture.USER);
        browser.findElement(By.id("password")).sendKeys(WebFixture.PASSWORD);
        browser.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.urlToBe(web.base + "/"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        web.close();
    }

    @Test
    void startingWithAVariableShowsTheLogLinesLive() throws Exception {
        browser.get(web.base + "/programs/greet");
        screenshot("program");
        browser.findElement(By.id("var-who")).clear();
        browser.findElement(By.id("var-who")).sendKeys("Lurch");
        browser.findElement(By.id("start-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "first hello Lurch"));
        // the second line comes a second later, while the page stays open: it arrives over SSE
        assertTrue(!browser.findElement(By.id("log")).getText().contains("second hello Lurch")
                || web.server.database().runs().topRuns("greet", 1).getFirst().status().isFinal());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "second hello Lurch"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-status"), "success"));
        screenshot("run");
    }

    @Test
    void aWaitingStepIsApprovedFromTheApprovalsPage() throws Exception {
        long id = web.server.engine().start(web.server.engine().latest("gate"), java.util.Map.of(), java.util.Map.of(), "user:ann", null).id();
        long step = web.server.database().runs().subtree(id).stream().filter(r -> r.command().equals("approve"))
                .findFirst().map(r -> r.id()).orElseGet(() -> awaitApproveStep(id));
        browser.get(web.base + "/approvals");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("approve-" + step)));
        screenshot("approvals");
        browser.findElement(By.id("message-" + step)).sendKeys("looks good");
        browser.findElement(By.id("approve-" + step)).click();
        assertEquals(RunStatus.SUCCESS, web.server.engine().whenFinished(id).get(10, java.util.concurrent.TimeUnit.SECONDS).status());
        assertEquals("ann", web.server.database().prompts().get(step).orElseThrow().settledBy());
    }

    @Test
    void aRunningRunIsCancelledFromItsPage() throws Exception {
        long id = web.server.engine().start(web.server.engine().latest("slow"), java.util.Map.of(), java.util.Map.of(), "user:ann", null).id();
        browser.get(web.base + "/runs/" + id);
        // the tree is drawn again when the run's state changes under the click: find the button afresh then
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).ignoring(org.openqa.selenium.WebDriverException.class).until(page -> {
            page.findElement(By.id("cancel-" + id)).click();
            return true;
        });
        assertEquals(RunStatus.CANCELLED, web.server.engine().whenFinished(id).get(10, java.util.concurrent.TimeUnit.SECONDS).status());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-status"), "cancelled"));
    }

    @Test
    void aBadEditShowsItsErrorAtLineAndColumnAndStoresNothing() throws Exception {
        browser.get(web.base + "/programs/gate");
        var editor = browser.findElement(By.id("editor"));
        editor.clear();
        editor.sendKeys("(sequence\n  (no-op 0)\n  (frobnicate 1))");
        browser.findElement(By.id("save")).click();
        String errors = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-errors"))).getText();
        assertTrue(errors.contains("line 3, column 4: unknown command"), errors);
        screenshot("program-error");
        assertEquals(1, web.server.database().programs().versions("gate").size());
        browser.get(web.base + "/");
        screenshot("dashboard");
        browser.get(web.base + "/stats");
        screenshot("stats");
    }

    @Test
    void theWorkersPageShowsEachWorkersStateAndARunPageTheWorkerARunRanOn() throws Exception {
        Instant now = Instant.now();
        web.server.database().workers().register("build-1", now);
        web.server.database().workers().heartbeat("build-1", 2, now);
        web.server.database().workers().register("build-2", now.minusSeconds(90));
        web.server.database().workers().markLost(now.minusSeconds(30));
        browser.get(web.base + "/");
        browser.findElement(By.linkText("Workers")).click();
        wait.until(ExpectedConditions.urlToBe(web.base + "/workers"));
        var busy = browser.findElement(By.cssSelector("#worker-build-1 td.state"));
        var lost = browser.findElement(By.cssSelector("#worker-build-2 td.state"));
        assertEquals("busy", busy.getText());
        assertEquals("lost", lost.getText());
        assertEquals("rgba(183, 28, 28, 1)", lost.getCssValue("color"), "a lost worker stands out in red");
        assertTrue(browser.findElement(By.id("worker-build-1")).getText().matches("build-1 busy 2 .* \\(\\d+ s ago\\)"),
                browser.findElement(By.id("worker-build-1")).getText());
        screenshot("workers");

        long onWorker = web.server.engine().reject("remote", Map.of(), "user:ann", List.of("1:1: expected '('")).id();
        long onServer = web.server.engine().reject("local", Map.of(), "user:ann", List.of("1:1: expected '('")).id();
        TestWorkers.ranOn(Database.h2Url(web.home.resolve("db")), "", "", onWorker, "build-1");
        browser.get(web.base + "/runs/" + onWorker);
        assertEquals("build-1", browser.findElement(By.id("worker-" + onWorker)).getText());
        assertTrue(browser.findElement(By.cssSelector("#tree thead")).getText().contains("worker"));
        browser.get(web.base + "/runs/" + onServer);
        assertTrue(browser.findElements(By.id("worker-" + onServer)).isEmpty(), "no worker column for the server's runs");
        assertFalse(browser.findElement(By.cssSelector("#tree thead")).getText().contains("worker"));
    }

    private static long awaitApproveStep(long top) {
        return wait.until(d -> web.server.database().runs().subtree(top).stream()
                .filter(r -> r.command().equals("approve") && r.status() == RunStatus.WAITING)
                .findFirst().map(r -> r.id()).orElse(null));
    }

    private static void screenshot(String name) throws Exception {
        Path dir = Path.of("target/screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
