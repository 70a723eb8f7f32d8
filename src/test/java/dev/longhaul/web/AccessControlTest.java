package dev.longhaul.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
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
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.longhaul.support.RawHttp;
import dev.longhaul.support.TestClients;

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
		int status = client(caller).method(HttpMethod.valueOf(method))
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{}")
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value();

		int expected = expected(caller, access);
		boolean fixedResource = method.equals("GET") && !endpoint.contains("{") && !endpoint.contains("*")
				&& !endpoint.equals("GET /error");
		if (expected == 0 && fixedResource) {
			// A fixed page or resource that exists: allowed means served, not 404.
			assertThat(status).as("%s as %s", endpoint, caller).isIn(200, 302);
		}
		else if (expected == 0) {
			// Placeholder ids and names do not exist: anything but a refusal or a server
			// error (but /error, called directly, reports one).
			assertThat(status).as("%s as %s", endpoint, caller)
				.isNotIn(401, 403)
				.isLessThan(endpoint.equals("GET /error") ? 1000 : 500);
		}
		else {
			assertThat(status).as("%s as %s", endpoint, caller).isEqualTo(expected);
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
		EntityExchangeResult<String> response = client(caller)
			.method(HttpMethod.valueOf(endpoint.substring(0, endpoint.indexOf(' '))))
			.uri(path(endpoint))
			.header("Content-Type", "multipart/form-data; boundary=XyZ")
			.body(("--XyZ\r\nContent-Disposition: form-data; name=\"username\"" + "\r\n\r\nadmin\r\n--XyZ--\r\n")
				.getBytes(StandardCharsets.UTF_8))
			.exchange()
			.returnResult(String.class);

		assertThat(response.getStatus().value()).as("%s as %s", endpoint, caller).isEqualTo(415);
		assertThat(response.getResponseBody()).contains("Multipart bodies are accepted only by POST /api/datasets");
	}

	@ParameterizedTest(name = "{0} as {1}")
	@MethodSource("bodyCalls")
	void bodyOverTheLimitIsRefusedOnEveryPathButTheUploadBeforeAuthentication(String endpoint, String caller)
			throws Exception {
		String user = caller.equals("anonymous") ? ""
				: "\r\nAuthorization: " + TestClients.basic(caller, TestClients.password(caller));

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
		EntityExchangeResult<String> anonymous = get(null, "/api/emails");
		EntityExchangeResult<String> wrongPassword = client(null).get()
			.uri("/api/emails")
			.header("Authorization", TestClients.basic("admin", "wrong"))
			.exchange()
			.returnResult(String.class);
		EntityExchangeResult<String> viewer = client("viewer").post()
			.uri("/api/workers/email-sender/pause")
			.exchange()
			.returnResult(String.class);

		for (EntityExchangeResult<String> refused : List.of(anonymous, wrongPassword, viewer)) {
			assertThat(refused.getResponseHeaders().getFirst("Content-Type")).startsWith("application/problem+json");
		}
		assertThat(anonymous.getStatus().value()).isEqualTo(401);
		assertThat(anonymous.getResponseHeaders().getFirst("WWW-Authenticate")).isEqualTo("Basic realm=\"Longhaul\"");
		assertThat(anonymous.getResponseBody()).contains("\"status\":401", "Sign in");
		assertThat(wrongPassword.getStatus().value()).isEqualTo(401);
		assertThat(viewer.getStatus().value()).isEqualTo(403);
		assertThat(viewer.getResponseBody()).contains("\"title\":\"Forbidden\"",
				"User 'viewer' (viewer) may not POST /api/workers/email-sender/pause: it needs a higher role.");
	}

	@Test
	void healthDetailsAreForAdminsOnly() {
		assertThat(get(null, "/actuator/health").getResponseBody()).doesNotContain("components");
		assertThat(get("viewer", "/actuator/health").getResponseBody()).doesNotContain("\"details\"");
		assertThat(get("admin", "/actuator/health").getResponseBody()).contains("\"workers\"");
	}

	@Test
	void responsesCarryAContentSecurityPolicy() {
		EntityExchangeResult<String> response = get("viewer", "/api/emails");

		assertThat(response.getResponseHeaders().getFirst("Content-Security-Policy"))
			.isEqualTo(SecurityConfiguration.CONTENT_SECURITY_POLICY);
		assertThat(response.getResponseHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(get("viewer", "/dashboard/").getResponseHeaders().getOrEmpty("Content-Security-Policy"))
			.containsExactly(SecurityConfiguration.CONTENT_SECURITY_POLICY);
		assertThat(get("viewer", "/swagger-ui/index.html").getResponseHeaders().getOrEmpty("Content-Security-Policy"))
			.containsExactly(SecurityConfiguration.SWAGGER_UI_CONTENT_SECURITY_POLICY);
	}

	@Test
	void aChangeFromAForeignOriginIsRefusedWithBasicCredentials() {
		EntityExchangeResult<String> foreign = pause("admin", "Origin", "http://evil.example");

		assertThat(foreign.getStatus().value()).isEqualTo(403);
		assertThat(foreign.getResponseHeaders().getFirst("Content-Type")).startsWith("application/problem+json");
		assertThat(foreign.getResponseBody()).contains("\"title\":\"Cross-origin request refused\"");
		assertThat(pause(null, "Origin", "null").getStatus().value()).as("an opaque origin, even anonymous")
			.isEqualTo(403);
	}

	@Test
	void aChangeFromAForeignOriginIsRefusedInABrowserSession() {
		String session = signIn("admin");

		EntityExchangeResult<String> foreign = pause(null, "Cookie", session, "Sec-Fetch-Site", "same-origin", "Origin",
				"http://evil.example");
		EntityExchangeResult<String> own = pause(null, "Cookie", session, "Sec-Fetch-Site", "same-origin", "Origin",
				"http://localhost:" + this.port);

		assertThat(foreign.getStatus().value()).isEqualTo(403);
		assertThat(foreign.getResponseBody()).contains("Cross-origin request refused");
		assertThat(own.getStatus().value()).as("allowed, and the worker does not exist").isEqualTo(404);
	}

	@Test
	void aChangeFromTheSameOriginOrWithoutOriginPasses() {
		EntityExchangeResult<String> sameOrigin = pause("admin", "Origin", "http://localhost:" + this.port);
		EntityExchangeResult<String> curl = pause("admin");
		EntityExchangeResult<String> sameReferer = pause("admin", "Referer",
				"http://LOCALHOST:" + this.port + "/dashboard/");

		assertThat(List.of(sameOrigin, curl, sameReferer)).allSatisfy(
				(response) -> assertThat(response.getStatus().value()).as("allowed; no such worker").isEqualTo(404));
	}

	@Test
	void aChangeWithAForeignRefererAndNoOriginIsRefused() {
		EntityExchangeResult<String> response = pause("admin", "Referer", "http://evil.example/page.html");

		assertThat(response.getStatus().value()).isEqualTo(403);
		assertThat(response.getResponseBody()).contains("Cross-origin request refused", "Referer");
	}

	@Test
	void aUserNameThatFailedTooOftenIsThrottledWith429AndRetryAfter() {
		String user = "mallory-" + UUID.randomUUID();
		for (int i = 0; i < 10; i++) {
			EntityExchangeResult<String> failed = get(null, "/api/emails", "Authorization",
					TestClients.basic(user, "guess-" + i), "X-Forwarded-For", "203.0.113." + i);
			assertThat(failed.getStatus().value()).isEqualTo(401);
		}

		EntityExchangeResult<String> throttled = get(null, "/api/emails", "Authorization",
				TestClients.basic(user.toUpperCase(), "guess"), "X-Forwarded-For", "203.0.113.99");

		assertThat(throttled.getStatus().value()).isEqualTo(429);
		assertThat(throttled.getResponseHeaders().getFirst("Retry-After"))
			.satisfies((seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 300L));
		assertThat(throttled.getResponseHeaders().getFirst("WWW-Authenticate")).isNull();
		assertThat(throttled.getResponseBody()).contains("\"status\":429", "Too many failed sign-ins");
	}

	@Test
	void anAddressThatFailedTooOftenIsThrottledForEveryNameAndTheLoginForm() {
		String address = "198.51.100." + (1 + new Random().nextInt(250));
		for (int i = 0; i < 30; i++) {
			get(null, "/api/emails", "Authorization", TestClients.basic("guess-" + UUID.randomUUID(), "guess"),
					"X-Forwarded-For", address);
		}

		EntityExchangeResult<String> basic = get(null, "/api/emails", "Authorization",
				TestClients.basic("operator", "wrong"), "X-Forwarded-For", address);
		EntityExchangeResult<String> form = client(null).post()
			.uri("/login")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.header("Sec-Fetch-Site", "same-origin")
			.header("X-Forwarded-For", address)
			.body("username=operator&password=wrong")
			.exchange()
			.returnResult(String.class);

		assertThat(basic.getStatus().value()).isEqualTo(429);
		assertThat(form.getStatus().value()).isEqualTo(429);
		assertThat(form.getResponseHeaders().getFirst("Retry-After")).isNotNull();
	}

	@Test
	void aBrowserNavigationWithoutCredentialsIsSentToTheLoginFormNotChallenged() {
		String html = "text/html,application/xhtml+xml,*/*;q=0.8";
		EntityExchangeResult<String> navigation = get(null, "/api/emails", "Sec-Fetch-Mode", "navigate", "Accept",
				html);
		EntityExchangeResult<String> plainHttpBrowser = get(null, "/dashboard/", "Accept", html);
		EntityExchangeResult<String> pageScript = get(null, "/api/emails", "Sec-Fetch-Mode", "cors", "Accept",
				"application/json");
		EntityExchangeResult<String> curl = get(null, "/api/emails", "Accept", "*/*");

		for (EntityExchangeResult<String> page : List.of(navigation, plainHttpBrowser)) {
			assertThat(page.getStatus().value()).isEqualTo(302);
			assertThat(page.getResponseHeaders().getFirst("Location")).endsWith("/login");
			assertThat(page.getResponseHeaders().getFirst("WWW-Authenticate")).isNull();
		}
		assertThat(pageScript.getStatus().value()).isEqualTo(401);
		assertThat(pageScript.getResponseHeaders().getFirst("WWW-Authenticate")).isNull();
		assertThat(curl.getStatus().value()).isEqualTo(401);
		assertThat(curl.getResponseHeaders().getFirst("WWW-Authenticate")).isEqualTo("Basic realm=\"Longhaul\"");
	}

	private RestTestClient client(@Nullable String caller) {
		return TestClients.as(this.port, (caller == null || caller.equals("anonymous")) ? null : caller);
	}

	/** A GET as the caller, with more headers given as name, value, name, value. */
	private EntityExchangeResult<String> get(@Nullable String caller, String path, String... headers) {
		return client(caller).get()
			.uri(path)
			.headers((more) -> addAll(more, headers))
			.exchange()
			.returnResult(String.class);
	}

	/** Asks to pause a worker that does not exist, as the caller, with more headers. */
	private EntityExchangeResult<String> pause(@Nullable String caller, String... headers) {
		return client(caller).post()
			.uri("/api/workers/no-such-worker/pause")
			.headers((more) -> addAll(more, headers))
			.exchange()
			.returnResult(String.class);
	}

	private static void addAll(HttpHeaders target, String... headers) {
		for (int i = 0; i < headers.length; i += 2) {
			target.add(headers[i], headers[i + 1]);
		}
	}

	/** Signs in with the login form, as the browser would; returns the session cookie. */
	private String signIn(String user) {
		EntityExchangeResult<String> login = client(null).post()
			.uri("/login")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.header("Sec-Fetch-Site", "same-origin")
			.header("Origin", "http://localhost:" + this.port)
			.body("username=" + user + "&password=" + TestClients.password(user))
			.exchange()
			.returnResult(String.class);
		assertThat(login.getStatus().value()).isEqualTo(302);
		assertThat(login.getResponseHeaders().getFirst("Location")).doesNotContain("error");
		return login.getResponseHeaders().getFirst("Set-Cookie").split(";", 2)[0];
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
