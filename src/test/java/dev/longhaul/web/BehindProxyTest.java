package dev.longhaul.web;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.longhaul.support.Http;

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

	@Test
	void hstsOnlyWhenTheProxySaysTheRequestWasHttps() {
		HttpResponse<String> https = Http.as(this.port, "viewer")
			.send(get("/api/me").header("X-Forwarded-Proto", "https"));
		HttpResponse<String> http = Http.as(this.port, "viewer").send(get("/api/me"));

		assertThat(https.statusCode()).isEqualTo(200);
		assertThat(https.headers().firstValue("Strict-Transport-Security"))
			.hasValueSatisfying((hsts) -> assertThat(hsts).contains("max-age="));
		assertThat(http.headers().firstValue("Strict-Transport-Security")).isEmpty();
	}

	@Test
	void sessionCookieIsSecureOnlyWhenTheProxySaysTheRequestWasHttps() {
		HttpResponse<String> https = signIn("https://localhost", "X-Forwarded-Proto", "https");
		HttpResponse<String> http = signIn("http://localhost:" + this.port);

		assertThat(https.statusCode()).isEqualTo(302);
		assertThat(https.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).startsWith("https://localhost/").doesNotContain("error"));
		assertThat(https.headers().firstValue("Set-Cookie"))
			.hasValueSatisfying((cookie) -> assertThat(cookie).startsWith("JSESSIONID=").contains("; Secure"));
		assertThat(http.statusCode()).isEqualTo(302);
		assertThat(http.headers().firstValue("Set-Cookie"))
			.hasValueSatisfying((cookie) -> assertThat(cookie).doesNotContain("Secure"));
	}

	@Test
	void theOriginCheckComparesWithTheOriginTheProxyServes() {
		HttpResponse<String> httpsPage = Http.as(this.port, "admin")
			.send(post("/api/workers/no-such-worker/pause").header("X-Forwarded-Proto", "https")
				.header("Origin", "https://localhost"));
		HttpResponse<String> downgraded = Http.as(this.port, "admin")
			.send(post("/api/workers/no-such-worker/pause").header("X-Forwarded-Proto", "https")
				.header("Origin", "http://localhost:" + this.port));
		HttpResponse<String> forwardedHost = Http.as(this.port, "admin")
			.send(post("/api/workers/no-such-worker/pause").header("X-Forwarded-Proto", "https")
				.header("X-Forwarded-Host", "longhaul.example.com")
				.header("Origin", "https://longhaul.example.com"));

		assertThat(httpsPage.statusCode()).as("allowed; no such worker").isEqualTo(404);
		assertThat(downgraded.statusCode()).isEqualTo(403);
		assertThat(forwardedHost.statusCode()).as("allowed; no such worker").isEqualTo(404);
	}

	@Test
	void responsesCarryAReferrerPolicy() {
		assertThat(Http.as(this.port, "viewer").get("/api/me").headers().firstValue("Referrer-Policy"))
			.contains("same-origin");
		assertThat(Http.as(this.port, null).get("/login").headers().firstValue("Referrer-Policy"))
			.contains("same-origin");
	}

	private HttpResponse<String> signIn(String origin, String... headers) {
		HttpRequest.Builder login = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Sec-Fetch-Site", "same-origin")
			.header("Origin", origin)
			.POST(HttpRequest.BodyPublishers.ofString("username=viewer&password=viewer" + Http.PASSWORD_SUFFIX));
		for (int i = 0; i < headers.length; i += 2) {
			login.header(headers[i], headers[i + 1]);
		}
		return Http.as(this.port, null).send(login);
	}

	private HttpRequest.Builder get(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).GET();
	}

	private HttpRequest.Builder post(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.POST(HttpRequest.BodyPublishers.noBody());
	}

}
