package dev.longhaul.web;

import java.io.IOException;
import java.io.Writer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.longhaul.support.Http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard end to end in a real headless Chromium (the system's {@code chromium} and
 * {@code chromedriver}, as Debian packages them; nothing is downloaded): log in, see the
 * workers, pause and resume one, watch an email enqueued through the API reach SENT,
 * upload a dataset and watch its progress bar reach 100%, see an action's error, and see
 * that a viewer gets no actions. Leaves a screenshot in {@code target/dashboard.png}.
 * <p>
 * Without a browser the test is skipped with a message saying how to install one, unless
 * {@code LONGHAUL_REQUIRE_BROWSER=true} (set by {@code .ci/run}), where it fails instead.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardBrowserTest {

	private static final Path CHROMIUM = Path.of(env("LONGHAUL_CHROMIUM", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path.of(env("LONGHAUL_CHROMEDRIVER", "/usr/bin/chromedriver"));

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static WebDriver browser;

	@LocalServerPort
	int port;

	@BeforeAll
	static void startBrowser(@TempDir Path profile) {
		boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		String missing = "No Chromium at " + CHROMIUM + " with a chromedriver at " + CHROMEDRIVER
				+ ": install them (apt-get install -y chromium chromium-driver) or point LONGHAUL_CHROMIUM and "
				+ "LONGHAUL_CHROMEDRIVER at them. The dashboard's browser test is skipped.";
		if (!present && Boolean.parseBoolean(env("LONGHAUL_REQUIRE_BROWSER", "false"))) {
			fail(missing + " (LONGHAUL_REQUIRE_BROWSER=true, so it fails instead)");
		}
		assumeTrue(present, missing);
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		// As root in a container Chromium needs --no-sandbox; the network flags keep it
		// from calling home, which a closed network refuses noisily.
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
				"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--window-size=1400,2400", "--user-data-dir=" + profile);
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@AfterEach
	void signOut() {
		browser.manage().deleteAllCookies();
	}

	@Test
	void adminSteersWorkersAndWatchesEmailsAndDatasets(@TempDir Path files) throws IOException {
		signIn("admin");
		((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");

		WebElement sender = waitFor(By.cssSelector("tr[data-worker='email-sender']"));
		waitForText(sender, ".state", "RUNNING");
		// From the keyboard: Enter on Pause, and the focus moves on to Resume.
		WebElement pause = sender.findElement(By.cssSelector("button.pause"));
		pause.sendKeys(Keys.ENTER);
		waitForText(sender, ".state", "PAUSED");
		assertThat(api("admin").get("/api/workers/email-sender").body()).contains("\"state\":\"PAUSED\"")
			.contains("paused by admin");
		WebElement resume = sender.findElement(By.cssSelector("button.resume"));
		until((driver) -> resume.equals(driver.switchTo().activeElement()));
		browser.switchTo().activeElement().sendKeys(Keys.ENTER);
		waitForText(sender, ".state", "RUNNING");
		assertThat(api("admin").get("/api/workers/email-sender").body()).contains("\"state\":\"RUNNING\"");
		until((driver) -> pause.equals(driver.switchTo().activeElement()));

		HttpResponse<String> enqueued = api("operator").postJson("/api/emails",
				"{\"to\":[\"ada@example.com\"],\"subject\":\"From the browser test\",\"text\":\"Hello\"}");
		assertThat(enqueued.statusCode()).isEqualTo(202);
		long emailId = id(enqueued.body());
		WebElement email = waitFor(By.cssSelector("tr[data-email-id='" + emailId + "']"));
		waitForText(email, ".status", "SENT");

		// The data processors wait until the page has shown the new dataset at 0%.
		Path csv = files.resolve("people.csv");
		writeCsv(csv, 200_000);
		List<String> processors = dataProcessors();
		processors.forEach((name) -> api("admin").post("/api/workers/" + name + "/pause"));
		WebElement dataset;
		WebElement bar;
		try {
			browser.findElement(By.cssSelector("#dataset-form input[name=file]")).sendKeys(csv.toString());
			browser.findElement(By.cssSelector("#dataset-form button[type=submit]")).click();
			dataset = waitFor(By.cssSelector("#datasets-body tr[data-dataset-id]"));
			bar = dataset.findElement(By.tagName("progress"));
			waitForText(dataset, ".status", "QUEUED");
			assertThat(bar.getDomProperty("value")).isEqualTo("0");
			assertThat(dataset.findElement(By.cssSelector(".percent")).getText()).isEqualTo("0%");
		}
		finally {
			processors.forEach((name) -> api("admin").post("/api/workers/" + name + "/resume"));
		}
		until((driver) -> "100".equals(bar.getDomProperty("value")));
		waitForText(dataset, ".status", "SUCCEEDED");
		assertThat(dataset.findElement(By.cssSelector(".percent")).getText()).isEqualTo("100%");
		assertThat(dataset.findElement(By.cssSelector(".report a")).getDomAttribute("href"))
			.isEqualTo("../api/datasets/" + dataset.getDomAttribute("data-dataset-id") + "/report");

		assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;"))
			.as("the page updated in place, without a reload")
			.isEqualTo(true);
		waitFor(By.cssSelector("#queues-body tr[data-queue='email']"));
		assertThat(browser.findElement(By.id("chart-caption")).getText()).contains("Jobs finished per second");
		screenshot("dashboard.png");
	}

	@Test
	void anActionsProblemShowsInThePage() {
		signIn("operator");
		WebElement form = waitFor(By.id("email-form"));
		until((driver) -> form.isDisplayed());
		// The browser's own check lets a 65-character local part through; the API does
		// not.
		form.findElement(By.name("to")).sendKeys("a".repeat(65) + "@example.com");
		form.findElement(By.name("subject")).sendKeys("Too long");
		form.findElement(By.name("text")).sendKeys("Hello");
		form.findElement(By.cssSelector("button[type=submit]")).click();

		WebElement alert = waitFor(By.id("alert"));
		until((driver) -> alert.isDisplayed());
		assertThat(alert.getText()).contains("Send email failed").contains("local part must be at most 64");
	}

	@Test
	void aScriptOfOurOwnOriginMayPostWithoutTheTokenForChromiumSaysSameOrigin() {
		signIn("operator");

		Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				fetch('../api/emails', { method: 'POST', headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify({ to: ['ada@example.com'], subject: 'No token', text: 'Hi' }) })
					.then((response) => done(response.status), (error) => done(String(error)));
				""");

		assertThat(status).as("Swagger UI's Try it out relies on this").isEqualTo(202L);
	}

	@Test
	void theLoginPageDashboardAndSwaggerUiBreakNoRuleOfTheContentSecurityPolicy() {
		browser.manage().logs().get(LogType.BROWSER);
		signIn("viewer");
		waitFor(By.cssSelector("tr[data-worker='email-sender']"));
		browser.get("http://localhost:" + this.port + "/swagger-ui.html");
		until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".swagger-ui .info .title"),
				"Longhaul"));
		browser.findElement(By.cssSelector(".opblock-summary")).click();
		waitFor(By.cssSelector(".opblock-body"));

		List<String> violations = browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.map(LogEntry::getMessage)
			.filter((message) -> message.contains("Content Security Policy"))
			.toList();
		assertThat(violations).isEmpty();
	}

	@Test
	void aViewerSeesEverythingButNoActions() {
		signIn("viewer");

		WebElement sender = waitFor(By.cssSelector("tr[data-worker='email-sender']"));
		waitForText(sender, ".state", "RUNNING");
		assertThat(browser.findElements(By.cssSelector("#workers-body button"))).isEmpty();
		assertThat(browser.findElement(By.id("email-form")).isDisplayed()).isFalse();
		assertThat(browser.findElement(By.id("dataset-form")).isDisplayed()).isFalse();
		assertThat(browser.findElement(By.id("whoami")).getText()).isEqualTo("Signed in as viewer (viewer)");
		List<WebElement> actionHeaders = browser.findElements(By.cssSelector("th[data-needs='control']"));
		assertThat(actionHeaders).isNotEmpty().noneMatch(WebElement::isDisplayed);
	}

	private void signIn(String user) {
		browser.get("http://localhost:" + this.port + "/dashboard");
		waitFor(By.id("username")).sendKeys(user);
		browser.findElement(By.id("password")).sendKeys(user + Http.PASSWORD_SUFFIX);
		browser.findElement(By.cssSelector("button[type=submit]")).click();
		until(ExpectedConditions.urlContains("/dashboard/"));
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), "Signed in as " + user));
	}

	private List<String> dataProcessors() {
		Matcher names = Pattern.compile("\"name\":\"(data-processor)\"")
			.matcher(api("admin").get("/api/workers").body());
		List<String> found = names.results().map((match) -> match.group(1)).toList();
		assertThat(found).isNotEmpty();
		return found;
	}

	private Http api(String user) {
		return Http.as(this.port, user);
	}

	private static WebElement waitFor(By locator) {
		return until(ExpectedConditions.presenceOfElementLocated(locator));
	}

	private static void waitForText(WebElement row, String cell, String text) {
		until((driver) -> row.findElement(By.cssSelector(cell)).getText().equals(text));
	}

	private static <T> T until(java.util.function.Function<WebDriver, T> condition) {
		try {
			return new WebDriverWait(browser, PATIENCE).until(condition::apply);
		}
		catch (TimeoutException ex) {
			throw new AssertionError("Timed out on " + browser.getCurrentUrl() + "; the page says: "
					+ browser.findElements(By.cssSelector("#updated, #alert-text"))
						.stream()
						.map(WebElement::getText)
						.toList(),
					ex);
		}
	}

	private static long id(String json) {
		Matcher matcher = Pattern.compile("\"id\":(\\d+)").matcher(json);
		assertThat(matcher.find()).as("id in %s", json).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	private static void writeCsv(Path file, int rows) throws IOException {
		try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			writer.write("id,name,score,joined,active\n");
			for (int i = 0; i < rows; i++) {
				writer.write(i + ",name-" + (i % 977) + "," + (i % 100) / 4.0 + ",2024-01-" + (10 + i % 18) + ","
						+ (i % 3 == 0) + "\n");
			}
		}
	}

	private static void screenshot(String name) throws IOException {
		Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
		Path target = Path.of("target", name);
		Files.createDirectories(target.getParent());
		Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
