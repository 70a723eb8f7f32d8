package dev.longhaul.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.longhaul.support.TestClients;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dashboard stands on, over plain HTTP: its pages and redirects, {@code /api/me}
 * and {@code /api/queues}, and CSRF for browser sessions and cross-site requests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardApiTest {

	private static final String EMAIL = "{\"to\":[\"ada@example.com\"],\"subject\":\"Hi\",\"text\":\"Hello\"}";

	@LocalServerPort
	int port;

	RestTestClient anonymous;

	RestTestClient viewer;

	@BeforeEach
	void setUp() {
		this.anonymous = TestClients.as(this.port, null);
		this.viewer = TestClients.as(this.port, "viewer");
	}

	@Test
	void dashboardIsServedFromTheJarAndTheRootLeadsToIt() {
		this.viewer.get()
			.uri("/dashboard/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("<title>Longhaul dashboard</title>", "src=\"dashboard.js\"")
				.doesNotContain("http://", "https://"));
		this.viewer.get().uri("/dashboard/dashboard.js").exchange().expectStatus().isOk();
		this.viewer.get().uri("/dashboard/dashboard.css").exchange().expectStatus().isOk();
		this.viewer.get()
			.uri("/dashboard")
			.exchange()
			.expectHeader()
			.value("Location", (location) -> assertThat(location).endsWith("/dashboard/"));
		this.viewer.get()
			.uri("/")
			.exchange()
			.expectHeader()
			.value("Location", (location) -> assertThat(location).endsWith("/dashboard/"));
	}

	@Test
	void anonymousBrowserIsSentToTheLoginForm() {
		this.anonymous.get()
			.uri("/dashboard/")
			.header("Accept", "text/html")
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.value("Location", (location) -> assertThat(location).endsWith("/login"));
	}

	@Test
	void scriptCallWithoutASessionGets401WithoutABasicChallenge() {
		this.anonymous.get()
			.uri("/api/me")
			.header("Accept", "application/json")
			.header("X-Requested-With", "XMLHttpRequest")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.doesNotExist("WWW-Authenticate");
	}

	@Test
	void apiClientThatKeepsCookiesStaysStateless() {
		RestTestClient client = TestClients.browser(this.port);

		EntityExchangeResult<String> anonymous = client.get()
			.uri("/api/emails")
			.header("Accept", "application/json")
			.exchange()
			.returnResult(String.class);
		EntityExchangeResult<String> enqueue = client.post()
			.uri("/api/emails")
			.header("Authorization", TestClients.basic("operator", "operator-secret"))
			.contentType(MediaType.APPLICATION_JSON)
			.body(EMAIL)
			.exchange()
			.returnResult(String.class);

		assertThat(anonymous.getStatus().value()).isEqualTo(401);
		assertThat(anonymous.getResponseHeaders().getOrEmpty("Set-Cookie")).as("no session for an API request")
			.isEmpty();
		assertThat(enqueue.getStatus().value()).isEqualTo(202);
		assertThat(enqueue.getResponseHeaders().getOrEmpty("Set-Cookie")).isEmpty();
	}

	@Test
	void meSaysWhatTheCallerMayDoAndMakesNoSessionForApiClients() {
		this.viewer.get()
			.uri("/api/me")
			.exchange()
			.expectHeader()
			.doesNotExist("Set-Cookie")
			.expectBody(String.class)
			.isEqualTo(
					"{\"name\":\"viewer\",\"role\":\"viewer\",\"canEnqueue\":false,\"canControl\":false,\"csrf\":null}");
		assertThat(me("operator")).contains("\"role\":\"operator\"", "\"canEnqueue\":true", "\"canControl\":false");
		assertThat(me("admin")).contains("\"role\":\"admin\"", "\"canEnqueue\":true", "\"canControl\":true");
	}

	@Test
	void queuesShowEveryQueueByStatusAndFiveMinutesOfThroughput() {
		EntityExchangeResult<String> response = this.viewer.get()
			.uri("/api/queues")
			.exchange()
			.returnResult(String.class);

		assertThat(response.getStatus().value()).isEqualTo(200);
		assertThat(response.getResponseBody()).contains("{\"name\":\"dataset\",\"counts\":{\"READY\":",
				"{\"name\":\"email\",\"counts\":{\"READY\":", "\"bucketSeconds\":5");
		assertThat(Pattern.compile("\"at\":").matcher(response.getResponseBody()).results().count()).isEqualTo(60);
	}

	@Test
	void queuesShowTheWholeClustersThroughputOnRequestAndRefuseAnUnknownScope() {
		EntityExchangeResult<String> instance = queues("/api/queues");
		EntityExchangeResult<String> cluster = queues("/api/queues?throughput=cluster");
		EntityExchangeResult<String> unknown = queues("/api/queues?throughput=galaxy");

		assertThat(instance.getResponseBody()).contains("\"scope\":\"instance\"");
		assertThat(cluster.getStatus().value()).isEqualTo(200);
		assertThat(cluster.getResponseBody()).contains("\"scope\":\"cluster\"", "\"bucketSeconds\":5", "\"until\":",
				"\"asOf\":");
		assertThat(Pattern.compile("\"at\":").matcher(cluster.getResponseBody()).results().count()).isEqualTo(60);
		assertThat(unknown.getStatus().value()).isEqualTo(400);
		assertThat(unknown.getResponseHeaders().getFirst("Content-Type")).startsWith("application/problem+json");
		assertThat(unknown.getResponseBody()).contains("must be instance or cluster");
	}

	@Test
	void crossSiteRequestNeedsACsrfTokenEvenWithBasicCredentials() {
		RestTestClient admin = TestClients.as(this.port, "admin");

		admin.post()
			.uri("/api/emails")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Sec-Fetch-Site", "cross-site")
			.body(EMAIL)
			.exchange()
			.expectStatus()
			.isForbidden();
		admin.post()
			.uri("/api/emails")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Sec-Fetch-Site", "same-site")
			.body(EMAIL)
			.exchange()
			.expectStatus()
			.isForbidden();
		admin.post()
			.uri("/api/emails/batch")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Sec-Fetch-Site", "same-origin")
			.body("[]")
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	@Test
	void browserSessionNeedsTheCsrfTokenFromMeUnlessTheBrowserSaysSameOrigin() {
		RestTestClient browser = TestClients.browser(this.port);
		String loginPage = browser.get().uri("/login").exchange().returnResult(String.class).getResponseBody();
		String loginToken = find(loginPage, "name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");
		browser.post()
			.uri("/login")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body("username=operator&password=operator-secret&_csrf="
					+ URLEncoder.encode(loginToken, StandardCharsets.UTF_8))
			.exchange()
			.expectStatus()
			.isFound();

		String me = browser.get().uri("/api/me").exchange().returnResult(String.class).getResponseBody();
		assertThat(me).contains("\"name\":\"operator\"", "\"headerName\":\"X-CSRF-TOKEN\"");
		String token = find(me, "\"token\":\"([^\"]+)\"");

		EntityExchangeResult<String> withoutToken = postEmail(browser);
		EntityExchangeResult<String> withToken = postEmail(browser, "X-CSRF-TOKEN", token);
		EntityExchangeResult<String> sameOrigin = postEmail(browser, "Sec-Fetch-Site", "same-origin");
		EntityExchangeResult<String> crossSite = postEmail(browser, "Sec-Fetch-Site", "cross-site");

		assertThat(withoutToken.getStatus().value()).as("an old browser, without Fetch Metadata or token")
			.isEqualTo(403);
		assertThat(withoutToken.getResponseBody()).as("the title the dashboard looks for to fetch a fresh token")
			.contains("\"title\":\"CSRF token missing or invalid\"");
		assertThat(withToken.getStatus().value()).isEqualTo(202);
		assertThat(sameOrigin.getStatus().value()).as("the browser vouches for our own page").isEqualTo(202);
		assertThat(crossSite.getStatus().value()).isEqualTo(403);
	}

	private String me(String user) {
		return TestClients.as(this.port, user)
			.get()
			.uri("/api/me")
			.exchange()
			.returnResult(String.class)
			.getResponseBody();
	}

	private EntityExchangeResult<String> queues(String path) {
		return this.viewer.get().uri(path).exchange().returnResult(String.class);
	}

	private static EntityExchangeResult<String> postEmail(RestTestClient browser, String... header) {
		return browser.post().uri("/api/emails").contentType(MediaType.APPLICATION_JSON).headers((headers) -> {
			if (header.length == 2) {
				headers.add(header[0], header[1]);
			}
		}).body(EMAIL).exchange().returnResult(String.class);
	}

	private static String find(String text, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(text);
		assertThat(matcher.find()).as("%s in %s", regex, text).isTrue();
		return matcher.group(1);
	}

}
