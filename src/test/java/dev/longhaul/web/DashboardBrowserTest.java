package dev.longhaul.web;

import java.io.IOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.longhaul.config.SqlTime;
import dev.longhaul.queue.JobStatus;
import dev.longhaul.support.TestClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard end to end in a real headless Chromium (the system's {@code chromium} and
 * {@code chromedriver}, as Debian packages them; nothing is downloaded): log in, see the
 * workers, pause and resume one, watch an email enqueued through the API reach SENT,
 * upload a dataset and watch its progress bar reach 100%, see an action's error, and see
 * that a viewer gets no actions; open a dataset's report page and see its charts, with
 * the file's names and values shown as text; filter the job explorer, open a job, retry
 * it and act on every job of a filter, each confirmed and counted; switch the jobs/s
 * chart to the whole cluster. Leaves screenshots in {@code target/dashboard.png},
 * {@code docs/dataset-report.png} and {@code docs/job-explorer.png} (the README's).
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

	@Autowired
	JdbcClient jdbc;

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
		assertThat(get("admin", "/api/workers/email-sender").getResponseBody()).contains("\"state\":\"PAUSED\"")
			.contains("paused by admin");
		WebElement resume = sender.findElement(By.cssSelector("button.resume"));
		until((driver) -> resume.equals(driver.switchTo().activeElement()));
		browser.switchTo().activeElement().sendKeys(Keys.ENTER);
		waitForText(sender, ".state", "RUNNING");
		assertThat(get("admin", "/api/workers/email-sender").getResponseBody()).contains("\"state\":\"RUNNING\"");
		until((driver) -> pause.equals(driver.switchTo().activeElement()));

		EntityExchangeResult<String> enqueued = postJson("operator", "/api/emails",
				"{\"to\":[\"ada@example.com\"],\"subject\":\"From the browser test\",\"text\":\"Hello\"}");
		assertThat(enqueued.getStatus().value()).isEqualTo(202);
		long emailId = id(enqueued.getResponseBody());
		WebElement email = waitFor(By.cssSelector("tr[data-email-id='" + emailId + "']"));
		waitForText(email, ".status", "SENT");

		// The data processors wait until the page has shown the new dataset at 0%.
		Path csv = files.resolve("people.csv");
		writeCsv(csv, 200_000);
		List<String> processors = dataProcessors();
		processors.forEach((name) -> post("admin", "/api/workers/" + name + "/pause"));
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
			// Queued: Cancel, not Delete (which the API takes too, cancelling it first).
			assertThat(dataset.findElement(By.cssSelector("button.cancel")).isDisplayed()).isTrue();
			assertThat(dataset.findElement(By.cssSelector("button.delete")).isDisplayed()).isFalse();
		}
		finally {
			processors.forEach((name) -> post("admin", "/api/workers/" + name + "/resume"));
		}
		until((driver) -> "100".equals(bar.getDomProperty("value")));
		waitForText(dataset, ".status", "SUCCEEDED");
		assertThat(dataset.findElement(By.cssSelector(".percent")).getText()).isEqualTo("100%");
		assertThat(dataset.findElement(By.cssSelector("button.cancel")).isDisplayed()).isFalse();
		assertThat(dataset.findElement(By.cssSelector("button.delete")).isDisplayed()).isTrue();
		String datasetId = dataset.getDomAttribute("data-dataset-id");
		assertThat(dataset.findElement(By.cssSelector(".report a.report-page")).getDomAttribute("href"))
			.isEqualTo("report.html?id=" + datasetId);
		assertThat(dataset.findElement(By.cssSelector(".report a.report-json")).getDomAttribute("href"))
			.isEqualTo("../api/datasets/" + datasetId + "/report");

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

		assertThat(cspViolations()).isEmpty();
	}

	@Test
	void theReportPageShowsEveryColumnWithItsChartWithinTheContentSecurityPolicy() throws IOException {
		long id = processed("orders.csv", orders(5000));
		browser.manage().logs().get(LogType.BROWSER);
		signIn("viewer");

		waitFor(By.cssSelector("tr[data-dataset-id='" + id + "'] .report a.report-page")).click();
		until(ExpectedConditions.urlContains("/dashboard/report.html?id=" + id));
		waitFor(By.cssSelector("#main.loaded"));

		assertThat(browser.findElement(By.id("report-title")).getText())
			.isEqualTo("Report of dataset " + id + ": orders.csv");
		List<WebElement> columns = browser.findElements(By.cssSelector("#columns section.column"));
		assertThat(columns).extracting((column) -> column.findElement(By.cssSelector("h3 .column-name")).getText())
			.containsExactly("amount", "items", "day", "city", "paid", "note");
		assertThat(columns).extracting((column) -> column.getDomAttribute("data-column-type"))
			.containsExactly("DECIMAL", "INTEGER", "DATE", "TEXT", "BOOLEAN", "TEXT");
		WebElement amount = columns.get(0);
		assertThat(amount.findElements(By.cssSelector("svg.histogram rect.bar"))).hasSize(20);
		assertThat(amount.findElement(By.cssSelector("figcaption")).getText()).startsWith("Histogram of amount")
			.contains("21 quantiles");
		assertThat(facts(amount)).containsEntry("Type", "DECIMAL")
			.containsEntry("Values", "5,000 (100 %)")
			.containsEntry("Malformed rows left out", "2")
			.containsKeys("Minimum", "Maximum", "Mean", "Median (p50)", "95th percentile", "Distinct");
		// One bar per integer from 1 to 9, each holding about a ninth of the values.
		List<WebElement> items = columns.get(1).findElements(By.cssSelector("svg.histogram rect.bar"));
		assertThat(items).hasSize(9);
		assertThat(columns.get(2).findElements(By.cssSelector("svg.histogram rect.bar"))).hasSize(20);
		assertThat(facts(columns.get(2))).containsEntry("Earliest", "2024-01-01").containsKey("Latest");
		WebElement city = columns.get(3);
		List<WebElement> top = city.findElements(By.cssSelector("svg.top-values g.top-value"));
		assertThat(top).hasSize(10);
		assertThat(top.get(0).findElement(By.cssSelector("text.label")).getText()).isEqualTo("Lyon");
		assertThat(city.findElements(By.cssSelector("svg.histogram"))).isEmpty();
		assertThat(facts(city).get("Distinct")).matches("(about [0-9,]+ \\(.*\\))|([0-9,]+ \\(exact\\))");
		assertThat(facts(columns.get(5))).containsEntry("Empty (null)", "4,500 (90 %)");
		assertThat(cspViolations()).isEmpty();
		screenshot("dataset-report.png", Path.of("docs"));

		// Printed: no navigation, the charts kept, a column never split across pages.
		ChromeDriver chrome = (ChromeDriver) browser;
		chrome.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
		try {
			assertThat(browser.findElement(By.cssSelector("header")).isDisplayed()).isFalse();
			assertThat(browser.findElement(By.id("toc")).isDisplayed()).isFalse();
			assertThat(amount.findElement(By.cssSelector("svg.histogram")).isDisplayed()).isTrue();
			assertThat(city.findElement(By.cssSelector("svg.top-values")).isDisplayed()).isTrue();
			assertThat(amount.getCssValue("break-inside")).isEqualTo("avoid");
		}
		finally {
			chrome.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
		}
	}

	@Test
	void columnNamesAndValuesFromTheFileAreShownAsTextOnTheReportPage() {
		String name = "<img src=x onerror=alert(1)>";
		long id = processed("<b>evil</b>.csv",
				name + ",n\n<b>bold</b>,1\n<script>alert(2)</script>,2\n<b>bold</b>,3\n");
		browser.manage().logs().get(LogType.BROWSER);
		signIn("viewer");

		browser.get("http://localhost:" + this.port + "/dashboard/report.html?id=" + id);
		waitFor(By.cssSelector("#main.loaded"));

		assertThat(browser.findElement(By.cssSelector("#column-0 h3 .column-name")).getText()).isEqualTo(name);
		assertThat(browser.findElement(By.cssSelector("#toc a")).getText()).isEqualTo(name);
		assertThat(browser.findElement(By.id("report-title")).getText()).endsWith(": <b>evil</b>.csv");
		assertThat(browser.findElements(By.cssSelector("#column-0 svg.top-values text.label")))
			.extracting((label) -> label.getDomProperty("textContent"))
			.containsExactly("<b>bold</b>", "<script>alert(2)</script>");
		assertThat(browser.findElements(By.cssSelector("body img, body b, #main script"))).isEmpty();
		assertThat(cspViolations()).as("an inline handler would have been refused").isEmpty();
	}

	@Test
	void theReportPageOfAnUnknownDatasetSaysSo() {
		signIn("viewer");

		browser.get("http://localhost:" + this.port + "/dashboard/report.html?id=999999");

		WebElement alert = waitFor(By.id("alert"));
		until((driver) -> alert.isDisplayed());
		assertThat(alert.getText()).contains("No dataset has id 999999").contains("404");
		assertThat(browser.findElements(By.cssSelector("#columns section.column"))).isEmpty();
	}

	@Test
	void anAdminFindsADeadJobInTheExplorerOpensItAndRetriesIt() throws IOException {
		EntityExchangeResult<String> enqueued = postJson("operator", "/api/emails",
				"{\"to\":[\"ada@example.com\"],\"subject\":\"Explorer\",\"text\":\"Hello Ada\"}");
		long id = id(enqueued.getResponseBody());
		await().atMost(PATIENCE).until(() -> jobStatus(id).equals("SUCCEEDED"));
		// As if its mailbox had refused it on every try.
		assertThat(this.jdbc
			.sql("UPDATE jobs SET status = 'DEAD', attempts = max_attempts, "
					+ "last_error = '550 5.2.1 <ada@example.com>: mailbox unavailable' WHERE id = ?")
			.param(id)
			.update()).isOne();
		browser.manage().logs().get(LogType.BROWSER);
		signIn("admin");

		WebElement form = waitFor(By.id("jobs-filter"));
		form.findElement(By.name("type")).sendKeys("email");
		new Select(form.findElement(By.name("status"))).selectByValue("DEAD");
		form.findElement(By.name("error")).sendKeys("mailbox unavailable");
		form.findElement(By.cssSelector("button[type=submit]")).click();
		WebElement row = waitFor(By.cssSelector("#jobs-body tr[data-job-id='" + id + "']"));
		List<WebElement> rows = browser.findElements(By.cssSelector("#jobs-body tr[data-job-id]"));
		assertThat(rows).allSatisfy((shown) -> {
			assertThat(shown.getDomAttribute("data-status")).isEqualTo("DEAD");
			assertThat(shown.findElement(By.cssSelector(".type")).getText()).isEqualTo("email");
		});
		assertThat(row.findElement(By.cssSelector(".error")).getText())
			.isEqualTo("550 5.2.1 <a***@example.com>: mailbox unavailable");
		assertThat(row.findElement(By.cssSelector(".attempts")).getText()).matches("(\\d+) / \\1");

		row.findElement(By.cssSelector("button.open")).click();
		WebElement detail = waitFor(By.cssSelector("#job-detail[data-job-id='" + id + "']"));
		until((driver) -> detail.isDisplayed());
		assertThat(detail.findElement(By.id("job-detail-title")).getText()).isEqualTo("Job " + id);
		assertThat(fact(detail, "type")).isEqualTo("email");
		assertThat(fact(detail, "status")).isEqualTo("DEAD");
		assertThat(fact(detail, "last-error")).isEqualTo("550 5.2.1 <a***@example.com>: mailbox unavailable");
		assertThat(fact(detail, "lease-owner")).isEqualTo("—");
		assertThat(fact(detail, "run-at")).isNotEqualTo("—");
		assertThat(fact(detail, "finished")).isNotEqualTo("—");
		String payload = detail.findElement(By.id("job-payload")).getText();
		assertThat(payload).contains("\"a***@example.com\"", "\"subject\": \"Explorer\"").doesNotContain("ada@");
		assertThat(detail.findElements(By.cssSelector("#job-actions button"))).extracting(WebElement::getText)
			.containsExactly("Retry", "Delete");
		screenshot("job-explorer.png", browser.findElement(By.id("jobs")), Path.of("docs"));

		detail.findElement(By.cssSelector("#job-actions button.retry")).click();
		confirm("Retry job " + id + " (email, DEAD)?");
		WebElement result = waitFor(By.id("jobs-result"));
		until((driver) -> result.getText().equals("Retry job " + id + ": 1 job retried."));
		// The list of DEAD jobs no longer has it; the job runs and is sent again.
		until((driver) -> driver.findElements(By.cssSelector("#jobs-body tr[data-job-id='" + id + "']")).isEmpty());
		await().atMost(PATIENCE).until(() -> jobStatus(id).equals("SUCCEEDED"));
		// A retry forgets the last error: list the emails of any status and error.
		new Select(form.findElement(By.name("status"))).selectByValue("");
		form.findElement(By.name("error")).clear();
		form.findElement(By.cssSelector("button[type=submit]")).click();
		until((driver) -> "SUCCEEDED"
			.equals(driver.findElement(By.cssSelector("#jobs-body tr[data-job-id='" + id + "']"))
				.getDomAttribute("data-status")));
		assertThat(cspViolations()).isEmpty();
	}

	@Test
	void anAdminActsOnEveryJobAFilterTakesAndIsToldHowMany() {
		String type = "browser-bulk-" + System.nanoTime() % 1_000_000;
		List<Long> dead = List.of(insertJob(type, "DEAD", "timeout"), insertJob(type, "DEAD", "timeout"));
		long other = insertJob(type + "-other", "DEAD", "timeout");
		try {
			signIn("admin");
			WebElement form = waitFor(By.id("jobs-filter"));
			WebElement retryAll = browser.findElement(By.cssSelector("#jobs-bulk button.bulk-retry"));
			until((driver) -> retryAll.isDisplayed());
			assertThat(retryAll.isEnabled()).as("no filter yet").isFalse();
			form.findElement(By.name("type")).sendKeys(type);
			form.findElement(By.cssSelector("button[type=submit]")).click();
			until((driver) -> driver.findElements(By.cssSelector("#jobs-body tr[data-job-id]")).size() == 2);
			WebElement result = browser.findElement(By.id("jobs-result"));

			retryAll.click();
			until(ExpectedConditions.alertIsPresent()).dismiss();
			assertThat(jobStatus(dead.get(0))).as("dismissed: nothing changes").isEqualTo("DEAD");

			retryAll.click();
			confirm("Retry every DEAD job the filter takes (type " + type + ")? At most 10,000 per click.");
			until((driver) -> result.getText().equals("Retry for the filter: 2 jobs retried."));
			assertThat(dead).allSatisfy((id) -> assertThat(jobStatus(id)).isEqualTo("READY"));
			browser.findElement(By.cssSelector("#jobs-bulk button.bulk-cancel")).click();
			confirm("Cancel every READY job");
			until((driver) -> result.getText().equals("Cancel for the filter: 2 jobs cancelled."));
			browser.findElement(By.cssSelector("#jobs-bulk button.bulk-delete")).click();
			confirm("Delete every SUCCEEDED, DEAD, CANCELLED job");
			until((driver) -> result.getText().equals("Delete for the filter: 2 jobs deleted."));
			until((driver) -> driver.findElements(By.cssSelector("#jobs-body tr[data-job-id]")).isEmpty());
			assertThat(this.jdbc.sql("SELECT COUNT(*) FROM jobs WHERE type = ?").param(type).query(Long.class).single())
				.isZero();
			assertThat(jobStatus(other)).isEqualTo("DEAD");
		}
		finally {
			this.jdbc.sql("DELETE FROM jobs WHERE type IN (?, ?)").params(type, type + "-other").update();
		}
	}

	@Test
	void theChartShowsTheWholeClusterOnRequestSummingEveryLiveInstance() {
		// A second instance, alive, that finished 50 jobs in its last published bucket.
		long end = Math.floorDiv(Instant.now().getEpochSecond(), 5) * 5;
		String counts = "1;5;" + (end - 360) + ";" + ",".repeat(71) + "50:0";
		this.jdbc
			.sql("INSERT INTO instances (id, host, started_at, heartbeat_at, throughput) "
					+ "VALUES ('browser-test-peer', 'elsewhere', ?, ?, ?)")
			.params(SqlTime.at(Instant.now()), SqlTime.at(Instant.now()), counts)
			.update();
		try {
			signIn("viewer");
			WebElement caption = waitFor(By.id("chart-caption"));
			until((driver) -> caption.getText().startsWith("Jobs finished per second on this instance"));

			browser.findElement(By.cssSelector("#chart-scope input[value=cluster]")).click();

			until((driver) -> caption.getText()
				.startsWith("Jobs finished per second in the whole cluster (2 instances"));
			assertThat(browser.findElement(By.id("chart")).getDomAttribute("data-scope")).isEqualTo("cluster");
			Matcher peak = Pattern.compile("peak ([0-9.,]+)\\.").matcher(caption.getText());
			assertThat(peak.find()).as(caption.getText()).isTrue();
			assertThat(Double.parseDouble(peak.group(1).replace(",", ""))).as("50 jobs in 5 s")
				.isGreaterThanOrEqualTo(10);

			browser.findElement(By.cssSelector("#chart-scope input[value=instance]")).click();
			until((driver) -> caption.getText().startsWith("Jobs finished per second on this instance"));
			assertThat(browser.findElement(By.id("chart")).getDomAttribute("data-scope")).isEqualTo("instance");
		}
		finally {
			this.jdbc.sql("DELETE FROM instances WHERE id = 'browser-test-peer'").update();
		}
	}

	@Test
	void theStatusFilterQueueColumnsAndBulkButtonsFollowTheStatesTheApiServes() {
		List<String> statuses = Arrays.stream(JobStatus.values()).map(JobStatus::name).toList();
		signIn("admin");

		List<String> options = new Select(browser.findElement(By.cssSelector("#jobs-filter select[name=status]")))
			.getOptions()
			.stream()
			.map((option) -> option.getDomAttribute("value"))
			.toList();
		assertThat(options).first().isEqualTo("");
		assertThat(options.subList(1, options.size())).isEqualTo(statuses);
		assertThat(browser.findElements(By.cssSelector("#queues thead th")))
			.extracting((heading) -> heading.getText().toUpperCase(Locale.ROOT))
			.containsExactlyElementsOf(Stream.concat(Stream.of("QUEUE"), statuses.stream()).toList());
		WebElement email = waitFor(By.cssSelector("#queues-body tr[data-queue='email']"));
		assertThat(email.findElements(By.cssSelector("td"))).hasSize(statuses.size());
		assertThat(browser.findElements(By.cssSelector("#jobs-bulk button"))).extracting(WebElement::getText)
			.containsExactly("Retry the DEAD ones", "Cancel the READY ones", "Delete the ended ones");
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

	@Test
	void aViewerExploresJobsWithoutActions() {
		String type = "browser-viewer-" + System.nanoTime() % 1_000_000;
		long id = insertJob(type, "DEAD", "<img src=x onerror=alert(1)>");
		try {
			signIn("viewer");
			WebElement row = waitFor(By.cssSelector("#jobs-body tr[data-job-id='" + id + "']"));
			assertThat(row.findElement(By.cssSelector(".error")).getText()).isEqualTo("<img src=x onerror=alert(1)>");
			assertThat(row.findElements(By.cssSelector("button:not(.open)"))).isEmpty();
			assertThat(browser.findElement(By.id("jobs-bulk")).isDisplayed()).isFalse();

			row.findElement(By.cssSelector("button.open")).click();
			WebElement detail = waitFor(By.cssSelector("#job-detail[data-job-id='" + id + "']"));
			until((driver) -> detail.isDisplayed());
			assertThat(fact(detail, "type")).isEqualTo(type + " (no handler of this application runs this type)");
			assertThat(detail.findElements(By.cssSelector("#job-actions button"))).isEmpty();
			assertThat(browser.findElements(By.cssSelector("#jobs img"))).isEmpty();
		}
		finally {
			this.jdbc.sql("DELETE FROM jobs WHERE id = ?").param(id).update();
		}
	}

	private void signIn(String user) {
		browser.get("http://localhost:" + this.port + "/dashboard");
		waitFor(By.id("username")).sendKeys(user);
		browser.findElement(By.id("password")).sendKeys(TestClients.password(user));
		browser.findElement(By.cssSelector("button[type=submit]")).click();
		until(ExpectedConditions.urlContains("/dashboard/"));
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), "Signed in as " + user));
	}

	/** Uploads a CSV file through the API and waits until it is processed. */
	private long processed(String name, String csv) {
		EntityExchangeResult<String> uploaded = api("operator").post()
			.uri("/api/datasets?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
			.header("Content-Type", "text/csv")
			.body(csv.getBytes(StandardCharsets.UTF_8))
			.exchange()
			.returnResult(String.class);
		assertThat(uploaded.getStatus().value()).as(uploaded.getResponseBody()).isEqualTo(202);
		long id = id(uploaded.getResponseBody());
		await().atMost(PATIENCE)
			.until(() -> get("viewer", "/api/datasets/" + id).getResponseBody().contains("\"status\":\"SUCCEEDED\""));
		return id;
	}

	/** A job of a type no handler runs (so none takes it), in its own queue. */
	private long insertJob(String type, String status, String lastError) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		Instant now = Instant.now();
		this.jdbc
			.sql("INSERT INTO jobs (queue, type, payload, status, priority, run_at, attempts, max_attempts, "
					+ "last_error, created_at, updated_at, finished_at) VALUES (?, ?, '{}', ?, 0, ?, 3, 3, ?, ?, ?, ?)")
			.params(type, type, status, SqlTime.at(now), lastError, SqlTime.at(now), SqlTime.at(now), SqlTime.at(now))
			.update(keys, "id");
		return keys.getKeyAs(Number.class).longValue();
	}

	private String jobStatus(long id) {
		return this.jdbc.sql("SELECT status FROM jobs WHERE id = ?").param(id).query(String.class).single();
	}

	/** Accepts the page's confirmation, after checking what it asks. */
	private static void confirm(String question) {
		Alert alert = until(ExpectedConditions.alertIsPresent());
		assertThat(alert.getText()).startsWith(question);
		alert.accept();
	}

	/** A fact of the job explorer's detail, as shown. */
	private static String fact(WebElement detail, String name) {
		return detail.findElement(By.cssSelector("dd[data-fact='" + name + "']")).getText();
	}

	/** The figures of a column section on the report page, by their row heading. */
	private static Map<String, String> facts(WebElement column) {
		Map<String, String> facts = new LinkedHashMap<>();
		column.findElements(By.cssSelector(".column-body table.facts tr"))
			.forEach((row) -> facts.put(row.findElement(By.tagName("th")).getText(),
					row.findElement(By.tagName("td")).getText()));
		return facts;
	}

	private static List<String> cspViolations() {
		return browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.map(LogEntry::getMessage)
			.filter((message) -> message.contains("Content Security Policy"))
			.toList();
	}

	private List<String> dataProcessors() {
		Matcher names = Pattern.compile("\"name\":\"(data-processor)\"")
			.matcher(get("admin", "/api/workers").getResponseBody());
		List<String> found = names.results().map((match) -> match.group(1)).toList();
		assertThat(found).isNotEmpty();
		return found;
	}

	private RestTestClient api(String user) {
		return TestClients.as(this.port, user);
	}

	private EntityExchangeResult<String> get(String user, String path) {
		return api(user).get().uri(path).exchange().returnResult(String.class);
	}

	private EntityExchangeResult<String> post(String user, String path) {
		return api(user).post().uri(path).exchange().returnResult(String.class);
	}

	private EntityExchangeResult<String> postJson(String user, String path, String json) {
		return TestClients.postJson(api(user), path, json);
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

	/**
	 * A CSV file of orders, the same every time: a skewed amount, a small integer, dates
	 * piled up at the start of the year, cities of Zipf-like frequencies, a flag, a
	 * column that is mostly empty, and two malformed rows.
	 */
	private static String orders(int rows) {
		Random random = new Random(13);
		List<String> cities = List.of("Lyon", "Porto", "Turku", "Ghent", "Bergen", "Graz", "Malmö", "Aarhus", "Split",
				"Cork", "Brno", "Tartu");
		StringBuilder csv = new StringBuilder("amount,items,day,city,paid,note\n");
		for (int i = 0; i < rows; i++) {
			double amount = Math.round(Math.exp(3.5 + 0.6 * random.nextGaussian()) * 100) / 100.0;
			int rank = (int) Math.floor(Math.pow(400, random.nextDouble()));
			String city = (rank <= cities.size()) ? cities.get(rank - 1) : "Town " + rank;
			csv.append(amount)
				.append(',')
				.append(1 + random.nextInt(9))
				.append(',')
				.append(LocalDate.of(2024, 1, 1).plusDays((long) Math.abs(random.nextGaussian() * 60)))
				.append(',')
				.append(city)
				.append(',')
				.append(random.nextInt(4) > 0)
				.append(',')
				.append((i % 10 == 0) ? "gift" : "")
				.append('\n');
			if (i == 1000 || i == 3000) {
				csv.append("1,2,3\n");
			}
		}
		return csv.toString();
	}

	/**
	 * Saves what the browser shows in {@code target}, and also in the directories given
	 * (the README's pictures in {@code docs}).
	 */
	private static void screenshot(String name, Path... also) throws IOException {
		copy(((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath(), name, also);
	}

	/**
	 * Saves what the browser shows of one element, as
	 * {@link #screenshot(String, Path...)}.
	 */
	private static void screenshot(String name, WebElement element, Path... also) throws IOException {
		((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView(true);", element);
		copy(element.getScreenshotAs(OutputType.FILE).toPath(), name, also);
	}

	private static void copy(Path shot, String name, Path... also) throws IOException {
		for (Path directory : concat(Path.of("target"), also)) {
			Files.createDirectories(directory);
			Files.copy(shot, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static List<Path> concat(Path first, Path... rest) {
		List<Path> all = new ArrayList<>();
		all.add(first);
		all.addAll(List.of(rest));
		return all;
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
