package dev.longhaul.web;

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
 * Behind a TLS-terminating proxy (here the test itself, from a loopback address Tomcat
 * trusts as a proxy): {@code X-Forwarded-Proto: https} makes the request secure, so the
 * session cookie is {@code Secure}, HSTS is sent, and the request's own origin, which the
 * Origin check compares against, is the HTTPS one. Plain HTTP gets neither.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BehindProxyTest {

	@LocalServerPort
	int port;

	RestTestClient viewer;

	RestTestClient admin;

	@BeforeEach
	void setUp() {
		this.viewer = TestClients.as(this.port, "viewer");
		this.admin = TestClients.as(this.port, "admin");
	}

	@Test
	void hstsOnlyWhenTheProxySaysTheRequestWasHttps() {
		EntityExchangeResult<String> https = this.viewer.get()
			.uri("/api/me")
			.header("X-Forwarded-Proto", "https")
			.exchange()
			.returnResult(String.class);
		EntityExchangeResult<String> http = this.viewer.get().uri("/api/me").exchange().returnResult(String.class);

		assertThat(https.getStatus().value()).isEqualTo(200);
		assertThat(https.getResponseHeaders().getFirst("Strict-Transport-Security")).contains("max-age=");
		assertThat(http.getResponseHeaders().getFirst("Strict-Transport-Security")).isNull();
	}

	@Test
	void sessionCookieIsSecureOnlyWhenTheProxySaysTheRequestWasHttps() {
		EntityExchangeResult<String> https = signIn("https://localhost", "X-Forwarded-Proto", "https");
		EntityExchangeResult<String> http = signIn("http://localhost:" + this.port);

		assertThat(https.getStatus().value()).isEqualTo(302);
		assertThat(https.getResponseHeaders().getFirst("Location")).startsWith("https://localhost/")
			.doesNotContain("error");
		assertThat(https.getResponseHeaders().getFirst("Set-Cookie")).startsWith("JSESSIONID=").contains("; Secure");
		assertThat(http.getStatus().value()).isEqualTo(302);
		assertThat(http.getResponseHeaders().getFirst("Set-Cookie")).isNotNull().doesNotContain("Secure");
	}

	@Test
	void theOriginCheckComparesWithTheOriginTheProxyServes() {
		EntityExchangeResult<String> httpsPage = pause("X-Forwarded-Proto", "https", "Origin", "https://localhost");
		EntityExchangeResult<String> downgraded = pause("X-Forwarded-Proto", "https", "Origin",
				"http://localhost:" + this.port);
		EntityExchangeResult<String> forwardedHost = pause("X-Forwarded-Proto", "https", "X-Forwarded-Host",
				"longhaul.example.com", "Origin", "https://longhaul.example.com");

		assertThat(httpsPage.getStatus().value()).as("allowed; no such worker").isEqualTo(404);
		assertThat(downgraded.getStatus().value()).isEqualTo(403);
		assertThat(forwardedHost.getStatus().value()).as("allowed; no such worker").isEqualTo(404);
	}

	@Test
	void responsesCarryAReferrerPolicy() {
		this.viewer.get()
			.uri("/api/me")
			.exchange()
			.expectHeader()
			.value("Referrer-Policy", (policy) -> assertThat(policy).isEqualTo("same-origin"));
		TestClients.as(this.port, null)
			.get()
			.uri("/login")
			.exchange()
			.expectHeader()
			.value("Referrer-Policy", (policy) -> assertThat(policy).isEqualTo("same-origin"));
	}

	private EntityExchangeResult<String> signIn(String origin, String... headers) {
		return TestClients.as(this.port, null)
			.post()
			.uri("/login")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.header("Sec-Fetch-Site", "same-origin")
			.header("Origin", origin)
			.headers((more) -> {
				for (int i = 0; i < headers.length; i += 2) {
					more.add(headers[i], headers[i + 1]);
				}
			})
			.body("username=viewer&password=" + TestClients.password("viewer"))
			.exchange()
			.returnResult(String.class);
	}

	private EntityExchangeResult<String> pause(String... headers) {
		return this.admin.post().uri("/api/workers/no-such-worker/pause").headers((more) -> {
			for (int i = 0; i < headers.length; i += 2) {
				more.add(headers[i], headers[i + 1]);
			}
		}).exchange().returnResult(String.class);
	}

}
