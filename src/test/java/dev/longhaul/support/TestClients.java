package dev.longhaul.support;

import java.net.CookieManager;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.ByteArrayHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.util.DefaultUriBuilderFactory;

/**
 * Spring's {@link RestTestClient} on a running server (this JVM's, a child JVM's or a
 * container's), signed in with HTTP Basic as one of the test users of
 * {@code src/test/resources/config/application.properties}: {@code admin},
 * {@code operator} or {@code viewer}, whose passwords are their names followed by
 * {@link #PASSWORD_SUFFIX}.
 * <p>
 * Built from the port rather than with {@code @AutoConfigureRestTestClient}, so that a
 * test class needs no annotation beyond {@code @SpringBootTest(webEnvironment =
 * RANDOM_PORT)} and shares the one cached application context with the others. Requests
 * go over {@code java.net.http} as a plain client's would: no redirect is followed, no
 * cookie kept, the path and query are sent as written (not encoded again), and bodies are
 * text or bytes, UTF-8 unless the {@code Content-Type} names another charset (tests parse
 * JSON themselves).
 */
public final class TestClients {

	/** The test users' passwords are their name followed by this. */
	public static final String PASSWORD_SUFFIX = "-secret";

	/** Clients by port and user, built once. */
	private static final Map<String, RestTestClient> clients = new ConcurrentHashMap<>();

	private static final JdkClientHttpRequestFactory requests = requestFactory(
			HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());

	private TestClients() {
	}

	/**
	 * A client signed in as a test user.
	 * @param port the server's port
	 * @param user {@code admin}, {@code operator} or {@code viewer}, or {@code null} for
	 * an anonymous client
	 * @return the client
	 */
	public static RestTestClient as(int port, @Nullable String user) {
		return clients.computeIfAbsent(port + " " + user, (key) -> build(port, user));
	}

	private static RestTestClient build(int port, @Nullable String user) {
		RestTestClient.Builder<?> client = RestTestClient.bindToServer(requests)
			.uriBuilderFactory(uris(port))
			.configureMessageConverters(TestClients::textAndBytes);
		if (user != null) {
			client.defaultHeader(HttpHeaders.AUTHORIZATION, basic(user, password(user)));
		}
		return client.build();
	}

	/**
	 * An anonymous client that keeps the cookies the server sets, as a browser does (a
	 * session after signing in with the login form).
	 * @param port the server's port
	 * @return the client, with cookies of its own
	 */
	public static RestTestClient browser(int port) {
		HttpClient cookies = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.cookieHandler(new CookieManager())
			.build();
		return RestTestClient.bindToServer(requestFactory(cookies))
			.uriBuilderFactory(uris(port))
			.configureMessageConverters(TestClients::textAndBytes)
			.build();
	}

	/**
	 * The password of a test user.
	 * @param user the user
	 * @return its password
	 */
	public static String password(String user) {
		return user + PASSWORD_SUFFIX;
	}

	/**
	 * Posts JSON as the client.
	 * @param client the client
	 * @param path the path, with its query
	 * @param json the body
	 * @param headers more headers, as name, value, name, value
	 * @return the answer, its body as text
	 */
	public static EntityExchangeResult<String> postJson(RestTestClient client, String path, String json,
			String... headers) {
		return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).headers((more) -> {
			for (int i = 0; i < headers.length; i += 2) {
				more.add(headers[i], headers[i + 1]);
			}
		}).body(json).exchange().returnResult(String.class);
	}

	/**
	 * The {@code Authorization} header value of HTTP Basic, for hand-written requests and
	 * for wrong credentials.
	 * @param user the user
	 * @param password the password
	 * @return the header value
	 */
	public static String basic(String user, String password) {
		return "Basic " + HttpHeaders.encodeBasicAuth(user, password, StandardCharsets.UTF_8);
	}

	private static void textAndBytes(HttpMessageConverters.ClientBuilder converters) {
		converters.disableDefaults()
			.addCustomConverter(new StringHttpMessageConverter(StandardCharsets.UTF_8))
			.addCustomConverter(new ByteArrayHttpMessageConverter());
	}

	private static DefaultUriBuilderFactory uris(int port) {
		DefaultUriBuilderFactory uris = new DefaultUriBuilderFactory("http://localhost:" + port);
		uris.setEncodingMode(DefaultUriBuilderFactory.EncodingMode.NONE);
		return uris;
	}

	private static JdkClientHttpRequestFactory requestFactory(HttpClient client) {
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
		factory.setReadTimeout(Duration.ofSeconds(30));
		return factory;
	}

}
