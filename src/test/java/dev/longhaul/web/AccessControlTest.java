package dev.longhaul.web;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.longhaul.support.Http;
import dev.longhaul.support.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint (REST, Actuator, API description) for every caller: anonymous gets 401
 * and a role too low gets 403 wherever the table says so. The test also discovers every
 * endpoint the application serves and fails for one that the table does not list, so a
 * new endpoint cannot ship without a decision on who may call it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccessControlTest {

	/** Who may call: everyone, or the lowest role. */
	enum Access {

		PUBLIC, VIEWER, OPERATOR, ADMIN

	}

	/**
	 * Every endpoint, "METHOD path" with path variables as the application declares them.
	 */
	static final Map<String, Access> TABLE = new TreeMap<>(Map.ofEntries(
			// Probes and info
			Map.entry("GET /livez", Access.PUBLIC), Map.entry("GET /readyz", Access.PUBLIC),
			Map.entry("GET /actuator/health", Access.PUBLIC), Map.entry("GET /actuator/health/**", Access.PUBLIC),
			Map.entry("GET /actuator/info", Access.PUBLIC), Map.entry("GET /error", Access.PUBLIC),
			// Actuator
			Map.entry("GET /actuator", Access.ADMIN), Map.entry("GET /actuator/prometheus", Access.VIEWER),
			Map.entry("GET /actuator/workers", Access.ADMIN), Map.entry("GET /actuator/workers/{name}", Access.ADMIN),
			Map.entry("POST /actuator/workers/{name}/{action}", Access.ADMIN),
			// Emails
			Map.entry("POST /api/emails", Access.OPERATOR), Map.entry("POST /api/emails/batch", Access.OPERATOR),
			Map.entry("GET /api/emails", Access.VIEWER), Map.entry("GET /api/emails/{id}", Access.VIEWER),
			Map.entry("POST /api/emails/{id}/cancel", Access.ADMIN),
			Map.entry("POST /api/emails/{id}/retry", Access.ADMIN), Map.entry("GET /api/dev/mailbox", Access.VIEWER),
			// Datasets
			Map.entry("POST /api/datasets", Access.OPERATOR), Map.entry("GET /api/datasets", Access.VIEWER),
			Map.entry("GET /api/datasets/{id}", Access.VIEWER),
			Map.entry("GET /api/datasets/{id}/report", Access.VIEWER),
			Map.entry("POST /api/datasets/{id}/cancel", Access.ADMIN),
			Map.entry("DELETE /api/datasets/{id}", Access.ADMIN),
			// Job explorer: every queue and type
			Map.entry("GET /api/jobs", Access.VIEWER), Map.entry("GET /api/jobs/{id}", Access.VIEWER),
			Map.entry("POST /api/jobs/{id}/retry", Access.ADMIN), Map.entry("POST /api/jobs/{id}/cancel", Access.ADMIN),
			Map.entry("DELETE /api/jobs/{id}", Access.ADMIN), Map.entry("POST /api/jobs/retry", Access.ADMIN),
			Map.entry("POST /api/jobs/cancel", Access.ADMIN), Map.entry("DELETE /api/jobs", Access.ADMIN),
			// Workers, queues, cluster, the caller
			Map.entry("GET /api/workers", Access.VIEWER), Map.entry("GET /api/workers/{name}", Access.VIEWER),
			Map.entry("POST /api/workers/{name}/pause", Access.ADMIN),
			Map.entry("POST /api/workers/{name}/resume", Access.ADMIN),
			Map.entry("POST /api/workers/{name}/trigger", Access.ADMIN), Map.entry("GET /api/queues", Access.VIEWER),
			Map.entry("GET /api/cluster", Access.VIEWER), Map.entry("GET /api/me", Access.VIEWER),
			Map.entry("GET /api/states", Access.VIEWER),
			// Dashboard and static files
			Map.entry("GET /", Access.VIEWER), Map.entry("GET /dashboard", Access.VIEWER),
			Map.entry("GET /dashboard/", Access.VIEWER), Map.entry("GET /dashboard/dashboard.js", Access.VIEWER),
			Map.entry("GET /dashboard/report.html", Access.VIEWER),
			Map.entry("GET /dashboard/report.js", Access.VIEWER), Map.entry("GET /dashboard/report.css", Access.VIEWER),
			Map.entry("GET /**", Access.VIEWER), Map.entry("GET /webjars/**", Access.VIEWER),
			Map.entry("GET /login", Access.PUBLIC),
			// API description
			Map.entry("GET /v3/api-docs", Access.VIEWER), Map.entry("GET /v3/api-docs.yaml", Access.VIEWER),
			Map.entry("GET /v3/api-docs/swagger-config", Access.VIEWER),
			Map.entry("GET /swagger-ui.html", Access.VIEWER), Map.entry("GET /swagger-ui/**", Access.VIEWER),
			Map.entry("GET /swagger-ui/*swagger-initializer.js", Access.VIEWER),
			Map.entry("GET /webjars/*swagger-ui/**", Access.VIEWER),
			Map.entry("GET /webjars/*swagger-ui/*swagger-initializer.js", Access.VIEWER),
			Map.entry("GET /webjars/*swagger-ui/{version}/*swagger-initializer.js", Access.VIEWER)));

	private static final List<String> CALLERS = List.of("anonymous", "viewer", "operator", "admin");

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	WebEndpointsSupplier actuator;

	@Autowired
	List<AbstractUrlHandlerMapping> urlMappings;

	@Test
	void everyEndpointTheApplicationServesIsInTheTable() {
		TreeSet<String> served = new TreeSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			for (String path : info.getPatternValues()) {
				var methods = info.getMethodsCondition().getMethods();
				if (methods.isEmpty()) {
					served.add("GET " + path);
				}
				methods.forEach((method) -> served.add(method.name() + " " + path));
			}
		}
		for (AbstractUrlHandlerMapping mapping : this.urlMappings) {
			mapping.getHandlerMap()
				.keySet()
				.forEach((path) -> served.add("GET " + path.replaceAll("/\\d+(\\.\\d+)+/", "/{version}/")));
		}
		for (ExposableWebEndpoint endpoint : this.actuator.getEndpoints()) {
			for (WebOperation operation : endpoint.getOperations()) {
				String path = "/actuator/" + operation.getRequestPredicate().getPath();
				served.add(operation.getRequestPredicate().getHttpMethod().name() + " "
						+ path.replaceAll("/\\{\\*[^}]*}$", "/**"));
			}
		}
		served.removeIf((endpoint) -> endpoint.startsWith("GET /actuator/health/") && !endpoint.endsWith("/**"));

		assertThat(TABLE.keySet()).as("endpoints served but missing from the access table")
			.containsAll(served.stream().filter((e) -> !e.equals("GET /actuator/health/**")).toList());
	}

	static Stream<Arguments> calls() {
		List<Arguments> calls = new ArrayList<>();
		TABLE.forEach((endpoint, access) -> {
			for (String caller : CALLERS) {
				calls.add(Arguments.of(endpoint, caller, access));
			}
		});
		return calls.stream();
	}

	@ParameterizedTest(name = "{0} as {1}")
	@MethodSource("calls")
	void callerGetsInOnlyWithTheRoleTheTableNames(String endpoint, String caller, Access access) {
		String method = endpoint.substring(0, endpoint.indexOf(' '));
		String path = endpoint.substring(endpoint.indexOf(' ') + 1)
			.replace("/**", "/liveness")
			.replace("{id}", "999999")
			.replace("{name}", "no-such-worker")
			.replace("{action}", "pause")
			.replace("{version}", "0.0.0")
			.replace("*", "");
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.ofString("{}"))
			.header("Content-Type", "application/json");

		HttpResponse<String> response = Http.as(this.port, caller.equals("anonymous") ? null : caller).send(request);

		int expected = expected(caller, access);
		boolean fixedResource = method.equals("GET") && !endpoint.contains("{") && !endpoint.contains("*")
				&& !endpoint.equals("GET /error");
		if (expected == 0 && fixedResource) {
			// A fixed page or resource that exists: allowed means served, not 404.
			assertThat(response.statusCode()).as("%s as %s", endpoint, caller).isIn(200, 302);
		}
		else if (expected == 0) {
			// Placeholder ids and names do not exist: anything but a refusal or a server
			// error (but /error, called directly, reports one).
			assertThat(response.statusCode()).as("%s as %s", endpoint, caller)
				.isNotIn(401, 403)
				.isLessThan(endpoint.equals("GET /error") ? 1000 : 500);
		}
		else {
			assertThat(response.statusCode()).as("%s as %s", endpoint, caller).isEqualTo(expected);
		}
	}

	static Stream<Arguments> bodyCalls() {
		List<Arguments> calls = new ArrayList<>();
		TABLE.keySet()
			.stream()
			.filter((endpoint) -> !endpoint.equals("POST /api/datasets"))
			.forEach((endpoint) -> List.of("anonymous", "admin")
				.forEach((caller) -> calls.add(Arguments.of(endpoint, caller))));
		List.of("anonymous", "admin").forEach((caller) -> calls.add(Arguments.of("POST /login", caller)));
		return calls.stream();
	}

	@ParameterizedTest(name = "{0} as {1}")
	@MethodSource("bodyCalls")
	void multipartBodyIsRefusedOnEveryPathButTheUpload(String endpoint, String caller) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + path(endpoint)))
			.method(endpoint.substring(0, endpoint.indexOf(' ')),
					HttpRequest.BodyPublishers.ofString("--XyZ\r\nContent-Disposition: form-data; name=\"username\""
							+ "\r\n\r\nadmin\r\n--XyZ--\r\n"))
			.header("Content-Type", "multipart/form-data; boundary=XyZ");

		HttpResponse<String> response = Http.as(this.port, caller.equals("anonymous") ? null : caller).send(request);

		assertThat(response.statusCode()).as("%s as %s", endpoint, caller).isEqualTo(415);
		assertThat(response.body()).contains("Multipart bodies are accepted only by POST /api/datasets");
	}

	@ParameterizedTest(name = "{0} as {1}")
	@MethodSource("bodyCalls")
	void bodyOverTheLimitIsRefusedOnEveryPathButTheUploadBeforeAuthentication(String endpoint, String caller)
			throws Exception {
		String user = caller.equals("anonymous") ? ""
				: "\r\nAuthorization: " + Http.basic(caller, caller + Http.PASSWORD_SUFFIX);

		String json = RawHttp.unfinished(this.port, endpoint.replaceFirst(" .*", " ") + path(endpoint)
				+ " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 40000000" + user,
				"{".getBytes(StandardCharsets.UTF_8), false);
		String chunked = RawHttp.unfinished(this.port,
				endpoint.replaceFirst(" .*", " ") + path(endpoint)
						+ " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain" + user,
				new byte[100 * 1024], true);

		assertThat(json).as("%s as %s", endpoint, caller).startsWith("HTTP/1.1 413");
		// Answered while the body is still coming (nobody waits for it), never a server
		// error.
		assertThat(chunked).as("%s as %s", endpoint, caller)
			.matches(endpoint.equals("GET /error") ? "(?s)HTTP/1.1 \\d{3} .*" : "(?s)HTTP/1.1 [1-4]\\d\\d .*");
	}

	private static String path(String endpoint) {
		return endpoint.substring(endpoint.indexOf(' ') + 1)
			.replace("/**", "/liveness")
			.replace("{id}", "999999")
			.replace("{name}", "no-such-worker")
			.replace("{action}", "pause")
			.replace("{version}", "0.0.0")
			.replace("*", "");
	}

	@Test
	void refusalsAreProblemDetailsThatSayWhy() {
		HttpResponse<String> anonymous = Http.as(this.port, null).get("/api/emails");
		HttpResponse<String> wrongPassword = Http.as(this.port, null)
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/emails"))
				.header("Authorization", Http.basic("admin", "wrong")));
		HttpResponse<String> viewer = Http.as(this.port, "viewer").post("/api/workers/email-sender/pause");

		for (HttpResponse<String> refused : List.of(anonymous, wrongPassword, viewer)) {
			assertThat(refused.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		}
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"Longhaul\"");
		assertThat(anonymous.body()).contains("\"status\":401", "Sign in");
		assertThat(wrongPassword.statusCode()).isEqualTo(401);
		assertThat(viewer.statusCode()).isEqualTo(403);
		assertThat(viewer.body()).contains("\"title\":\"Forbidden\"",
				"User 'viewer' (viewer) may not POST /api/workers/email-sender/pause: it needs a higher role.");
	}

	@Test
	void healthDetailsAreForAdminsOnly() {
		assertThat(Http.as(this.port, null).get("/actuator/health").body()).doesNotContain("components");
		assertThat(Http.as(this.port, "viewer").get("/actuator/health").body()).doesNotContain("\"details\"");
		assertThat(Http.as(this.port, "admin").get("/actuator/health").body()).contains("\"workers\"");
	}

	@Test
	void responsesCarryAContentSecurityPolicy() {
		HttpResponse<String> response = Http.as(this.port, "viewer").get("/api/emails");

		assertThat(response.headers().firstValue("Content-Security-Policy"))
			.contains(SecurityConfiguration.CONTENT_SECURITY_POLICY);
		assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
		assertThat(Http.as(this.port, "viewer").get("/dashboard/").headers().allValues("Content-Security-Policy"))
			.containsExactly(SecurityConfiguration.CONTENT_SECURITY_POLICY);
		assertThat(Http.as(this.port, "viewer")
			.get("/swagger-ui/index.html")
			.headers()
			.allValues("Content-Security-Policy"))
			.containsExactly(SecurityConfiguration.SWAGGER_UI_CONTENT_SECURITY_POLICY);
	}

	@Test
	void aChangeFromAForeignOriginIsRefusedWithBasicCredentials() {
		HttpResponse<String> foreign = Http.as(this.port, "admin")
			.send(post("/api/workers/no-such-worker/pause").header("Origin", "http://evil.example"));

		assertThat(foreign.statusCode()).isEqualTo(403);
		assertThat(foreign.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(foreign.body()).contains("\"title\":\"Cross-origin request refused\"");
		assertThat(Http.as(this.port, null)
			.send(post("/api/workers/no-such-worker/pause").header("Origin", "null"))
			.statusCode()).as("an opaque origin, even anonymous").isEqualTo(403);
	}

	@Test
	void aChangeFromAForeignOriginIsRefusedInABrowserSession() {
		String session = signIn("admin");

		HttpResponse<String> foreign = Http.as(this.port, null)
			.send(post("/api/workers/no-such-worker/pause").header("Cookie", session)
				.header("Sec-Fetch-Site", "same-origin")
				.header("Origin", "http://evil.example"));
		HttpResponse<String> own = Http.as(this.port, null)
			.send(post("/api/workers/no-such-worker/pause").header("Cookie", session)
				.header("Sec-Fetch-Site", "same-origin")
				.header("Origin", "http://localhost:" + this.port));

		assertThat(foreign.statusCode()).isEqualTo(403);
		assertThat(foreign.body()).contains("Cross-origin request refused");
		assertThat(own.statusCode()).as("allowed, and the worker does not exist").isEqualTo(404);
	}

	@Test
	void aChangeFromTheSameOriginOrWithoutOriginPasses() {
		HttpResponse<String> sameOrigin = Http.as(this.port, "admin")
			.send(post("/api/workers/no-such-worker/pause").header("Origin", "http://localhost:" + this.port));
		HttpResponse<String> curl = Http.as(this.port, "admin").send(post("/api/workers/no-such-worker/pause"));
		HttpResponse<String> sameReferer = Http.as(this.port, "admin")
			.send(post("/api/workers/no-such-worker/pause").header("Referer",
					"http://LOCALHOST:" + this.port + "/dashboard/"));

		assertThat(List.of(sameOrigin, curl, sameReferer))
			.allSatisfy((response) -> assertThat(response.statusCode()).as("allowed; no such worker").isEqualTo(404));
	}

	@Test
	void aChangeWithAForeignRefererAndNoOriginIsRefused() {
		HttpResponse<String> response = Http.as(this.port, "admin")
			.send(post("/api/workers/no-such-worker/pause").header("Referer", "http://evil.example/page.html"));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("Cross-origin request refused", "Referer");
	}

	@Test
	void aUserNameThatFailedTooOftenIsThrottledWith429AndRetryAfter() {
		String user = "mallory-" + UUID.randomUUID();
		for (int i = 0; i < 10; i++) {
			HttpResponse<String> failed = Http.as(this.port, null)
				.send(get("/api/emails").header("Authorization", Http.basic(user, "guess-" + i))
					.header("X-Forwarded-For", "203.0.113." + i));
			assertThat(failed.statusCode()).isEqualTo(401);
		}

		HttpResponse<String> throttled = Http.as(this.port, null)
			.send(get("/api/emails").header("Authorization", Http.basic(user.toUpperCase(), "guess"))
				.header("X-Forwarded-For", "203.0.113.99"));

		assertThat(throttled.statusCode()).isEqualTo(429);
		assertThat(throttled.headers().firstValue("Retry-After"))
			.hasValueSatisfying((seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 300L));
		assertThat(throttled.headers().firstValue("WWW-Authenticate")).isEmpty();
		assertThat(throttled.body()).contains("\"status\":429", "Too many failed sign-ins");
	}

	@Test
	void anAddressThatFailedTooOftenIsThrottledForEveryNameAndTheLoginForm() {
		String address = "198.51.100." + (1 + new Random().nextInt(250));
		for (int i = 0; i < 30; i++) {
			Http.as(this.port, null)
				.send(get("/api/emails").header("Authorization", Http.basic("guess-" + UUID.randomUUID(), "guess"))
					.header("X-Forwarded-For", address));
		}

		HttpResponse<String> basic = Http.as(this.port, null)
			.send(get("/api/emails").header("Authorization", Http.basic("operator", "wrong"))
				.header("X-Forwarded-For", address));
		HttpResponse<String> form = Http.as(this.port, null)
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Sec-Fetch-Site", "same-origin")
				.header("X-Forwarded-For", address)
				.POST(HttpRequest.BodyPublishers.ofString("username=operator&password=wrong")));

		assertThat(basic.statusCode()).isEqualTo(429);
		assertThat(form.statusCode()).isEqualTo(429);
		assertThat(form.headers().firstValue("Retry-After")).isPresent();
	}

	@Test
	void aBrowserNavigationWithoutCredentialsIsSentToTheLoginFormNotChallenged() {
		HttpResponse<String> navigation = Http.as(this.port, null)
			.send(get("/api/emails").header("Sec-Fetch-Mode", "navigate")
				.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"));
		HttpResponse<String> plainHttpBrowser = Http.as(this.port, null)
			.send(get("/dashboard/").header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"));
		HttpResponse<String> pageScript = Http.as(this.port, null)
			.send(get("/api/emails").header("Sec-Fetch-Mode", "cors").header("Accept", "application/json"));
		HttpResponse<String> curl = Http.as(this.port, null).send(get("/api/emails").header("Accept", "*/*"));

		for (HttpResponse<String> page : List.of(navigation, plainHttpBrowser)) {
			assertThat(page.statusCode()).isEqualTo(302);
			assertThat(page.headers().firstValue("Location"))
				.hasValueSatisfying((location) -> assertThat(location).endsWith("/login"));
			assertThat(page.headers().firstValue("WWW-Authenticate")).isEmpty();
		}
		assertThat(pageScript.statusCode()).isEqualTo(401);
		assertThat(pageScript.headers().firstValue("WWW-Authenticate")).isEmpty();
		assertThat(curl.statusCode()).isEqualTo(401);
		assertThat(curl.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"Longhaul\"");
	}

	private HttpRequest.Builder get(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).GET();
	}

	private HttpRequest.Builder post(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.POST(HttpRequest.BodyPublishers.noBody());
	}

	/** Signs in with the login form, as the browser would; returns the session cookie. */
	private String signIn(String user) {
		HttpResponse<String> login = Http.as(this.port, null)
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Sec-Fetch-Site", "same-origin")
				.header("Origin", "http://localhost:" + this.port)
				.POST(HttpRequest.BodyPublishers
					.ofString("username=" + user + "&password=" + user + Http.PASSWORD_SUFFIX)));
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).doesNotContain("error"));
		return login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
	}

	/** 0 when the caller may call, else the status it gets. */
	private static int expected(String caller, Access access) {
		if (access == Access.PUBLIC) {
			return 0;
		}
		if (caller.equals("anonymous")) {
			return 401;
		}
		Access role = Access.valueOf(caller.toUpperCase());
		return (role.ordinal() >= access.ordinal()) ? 0 : 403;
	}

}
