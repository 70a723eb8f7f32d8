package dev.longhaul.web;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.longhaul.support.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dashboard stands on, over plain HTTP: its pages and redirects, {@code /api/me}
 * and {@code /api/queues}, and CSRF for browser sessions and cross-site requests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardApiTest {

	@LocalServerPort
	int port;

	@Test
	void dashboardIsServedFromTheJarAndTheRootLeadsToIt() {
		Http viewer = Http.as(this.port, "viewer");

		HttpResponse<String> page = viewer.get("/dashboard/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<title>Longhaul dashboard</title>", "src=\"dashboard.js\"")
			.doesNotContain("http://", "https://");
		assertThat(viewer.get("/dashboard/dashboard.js").statusCode()).isEqualTo(200);
		assertThat(viewer.get("/dashboard/dashboard.css").statusCode()).isEqualTo(200);
		assertThat(viewer.get("/dashboard").headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/dashboard/"));
		assertThat(viewer.get("/").headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/dashboard/"));
	}

	@Test
	void anonymousBrowserIsSentToTheLoginForm() {
		HttpResponse<String> response = Http.as(this.port, null)
			.send(HttpRequest.newBuilder(uri("/dashboard/")).header("Accept", "text/html"));

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login"));
	}

	@Test
	void scriptCallWithoutASessionGets401WithoutABasicChallenge() {
		HttpResponse<String> response = Http.as(this.port, null)
			.send(HttpRequest.newBuilder(uri("/api/me"))
				.header("Accept", "application/json")
				.header("X-Requested-With", "XMLHttpRequest"));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
	}

	@Test
	void apiClientThatKeepsCookiesStaysStateless() throws Exception {
		HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

		HttpResponse<String> anonymous = send(client,
				HttpRequest.newBuilder(uri("/api/emails")).header("Accept", "application/json"));
		HttpResponse<String> enqueue = send(client,
				HttpRequest.newBuilder(uri("/api/emails"))
					.header("Authorization", Http.basic("operator", "operator-secret"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers
						.ofString("{\"to\":[\"ada@example.com\"],\"subject\":\"Hi\",\"text\":\"Hello\"}")));

		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().allValues("Set-Cookie")).as("no session for an API request").isEmpty();
		assertThat(enqueue.statusCode()).isEqualTo(202);
		assertThat(enqueue.headers().allValues("Set-Cookie")).isEmpty();
	}

	@Test
	void meSaysWhatTheCallerMayDoAndMakesNoSessionForApiClients() {
		HttpResponse<String> viewer = Http.as(this.port, "viewer").get("/api/me");
		assertThat(viewer.body()).isEqualTo(
				"{\"name\":\"viewer\",\"role\":\"viewer\",\"canEnqueue\":false,\"canControl\":false,\"csrf\":null}");
		assertThat(viewer.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(Http.as(this.port, "operator").get("/api/me").body()).contains("\"role\":\"operator\"",
				"\"canEnqueue\":true", "\"canControl\":false");
		assertThat(Http.as(this.port, "admin").get("/api/me").body()).contains("\"role\":\"admin\"",
				"\"canEnqueue\":true", "\"canControl\":true");
	}

	@Test
	void queuesShowEveryQueueByStatusAndFiveMinutesOfThroughput() {
		HttpResponse<String> response = Http.as(this.port, "viewer").get("/api/queues");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("{\"name\":\"dataset\",\"counts\":{\"READY\":",
				"{\"name\":\"email\",\"counts\":{\"READY\":", "\"bucketSeconds\":5");
		assertThat(Pattern.compile("\"at\":").matcher(response.body()).results().count()).isEqualTo(60);
	}

	@Test
	void queuesShowTheWholeClustersThroughputOnRequestAndRefuseAnUnknownScope() {
		Http viewer = Http.as(this.port, "viewer");

		HttpResponse<String> instance = viewer.get("/api/queues");
		HttpResponse<String> cluster = viewer.get("/api/queues?throughput=cluster");
		HttpResponse<String> unknown = viewer.get("/api/queues?throughput=galaxy");

		assertThat(instance.body()).contains("\"scope\":\"instance\"");
		assertThat(cluster.statusCode()).isEqualTo(200);
		assertThat(cluster.body()).contains("\"scope\":\"cluster\"", "\"bucketSeconds\":5", "\"until\":", "\"asOf\":");
		assertThat(Pattern.compile("\"at\":").matcher(cluster.body()).results().count()).isEqualTo(60);
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(unknown.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(unknown.body()).contains("must be instance or cluster");
	}

	@Test
	void crossSiteRequestNeedsACsrfTokenEvenWithBasicCredentials() {
		Http admin = Http.as(this.port, "admin");
		String email = "{\"to\":[\"ada@example.com\"],\"subject\":\"Hi\",\"text\":\"Hello\"}";

		HttpResponse<String> crossSite = admin.postJson("/api/emails", email, "Sec-Fetch-Site", "cross-site");
		HttpResponse<String> sameSite = admin.postJson("/api/emails", email, "Sec-Fetch-Site", "same-site");
		HttpResponse<String> sameOrigin = admin.postJson("/api/emails/batch", "[]", "Sec-Fetch-Site", "same-origin");

		assertThat(crossSite.statusCode()).isEqualTo(403);
		assertThat(sameSite.statusCode()).isEqualTo(403);
		assertThat(sameOrigin.statusCode()).isEqualTo(400);
	}

	@Test
	void browserSessionNeedsTheCsrfTokenFromMeUnlessTheBrowserSaysSameOrigin() throws Exception {
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		String loginPage = browser
			.send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString())
			.body();
		String loginToken = find(loginPage, "name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");
		HttpResponse<String> login = browser.send(HttpRequest.newBuilder(uri("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("username=operator&password=operator-secret&_csrf="
					+ URLEncoder.encode(loginToken, StandardCharsets.UTF_8)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(login.statusCode()).isEqualTo(302);

		String me = send(browser, HttpRequest.newBuilder(uri("/api/me"))).body();
		assertThat(me).contains("\"name\":\"operator\"", "\"headerName\":\"X-CSRF-TOKEN\"");
		String token = find(me, "\"token\":\"([^\"]+)\"");
		String email = "{\"to\":[\"ada@example.com\"],\"subject\":\"Hi\",\"text\":\"Hello\"}";

		HttpResponse<String> withoutToken = send(browser,
				HttpRequest.newBuilder(uri("/api/emails"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(email)));
		HttpResponse<String> withToken = send(browser,
				HttpRequest.newBuilder(uri("/api/emails"))
					.header("Content-Type", "application/json")
					.header("X-CSRF-TOKEN", token)
					.POST(HttpRequest.BodyPublishers.ofString(email)));

		HttpResponse<String> sameOrigin = send(browser,
				HttpRequest.newBuilder(uri("/api/emails"))
					.header("Content-Type", "application/json")
					.header("Sec-Fetch-Site", "same-origin")
					.POST(HttpRequest.BodyPublishers.ofString(email)));
		HttpResponse<String> crossSite = send(browser,
				HttpRequest.newBuilder(uri("/api/emails"))
					.header("Content-Type", "application/json")
					.header("Sec-Fetch-Site", "cross-site")
					.POST(HttpRequest.BodyPublishers.ofString(email)));

		assertThat(withoutToken.statusCode()).as("an old browser, without Fetch Metadata or token").isEqualTo(403);
		assertThat(withoutToken.body()).as("the title the dashboard looks for to fetch a fresh token")
			.contains("\"title\":\"CSRF token missing or invalid\"");
		assertThat(withToken.statusCode()).isEqualTo(202);
		assertThat(sameOrigin.statusCode()).as("the browser vouches for our own page").isEqualTo(202);
		assertThat(crossSite.statusCode()).isEqualTo(403);
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
			throws IOException, InterruptedException {
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String find(String text, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(text);
		assertThat(matcher.find()).as("%s in %s", regex, text).isTrue();
		return matcher.group(1);
	}

}
