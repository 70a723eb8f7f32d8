package dev.longhaul.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * A small HTTP client for tests against a running server; it authenticates as the test
 * {@code admin} (see {@code src/test/resources/config/application.properties}) unless
 * told otherwise.
 */
public final class Http {

	/** The test users' passwords are their name followed by this. */
	public static final String PASSWORD_SUFFIX = "-secret";

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final @Nullable String authorization;

	public Http(int port) {
		this(port, "admin");
	}

	private Http(int port, @Nullable String user) {
		this.base = "http://localhost:" + port;
		this.authorization = (user != null) ? basic(user, user + PASSWORD_SUFFIX) : null;
	}

	/**
	 * A client that authenticates as another test user.
	 * @param port the server's port
	 * @param user {@code admin}, {@code operator} or {@code viewer}, or {@code null} for
	 * an anonymous client
	 * @return the client
	 */
	public static Http as(int port, @Nullable String user) {
		return new Http(port, user);
	}

	/**
	 * The {@code Authorization} header value of HTTP Basic.
	 * @param user the user
	 * @param password the password
	 * @return the header value
	 */
	public static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The address of a path on the server.
	 * @param path the path, with its query
	 * @return the URI
	 */
	public URI uri(String path) {
		return URI.create(this.base + path);
	}

	public HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET());
	}

	public HttpResponse<String> post(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).POST(HttpRequest.BodyPublishers.noBody()));
	}

	public HttpResponse<String> postJson(String path, String json, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request);
	}

	public HttpResponse<String> send(HttpRequest.Builder request) {
		if (this.authorization != null) {
			request.setHeader("Authorization", this.authorization);
		}
		try {
			return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends a hand-written HTTP/1.1 request (to declare a Content-Length the body does
	 * not have) and reads the response up to the end of its JSON body: the server may
	 * keep the connection open to swallow the rest.
	 * @param port the server's port
	 * @param request the request, head and body
	 * @return the response as text
	 * @throws IOException if the connection fails
	 */
	public static String raw(int port, String request) throws IOException {
		try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
			socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			java.io.InputStream in = socket.getInputStream();
			StringBuilder response = new StringBuilder();
			int next;
			while ((next = in.read()) != -1) {
				response.append((char) next);
				int body = response.indexOf("\r\n\r\n");
				if (body >= 0 && response.indexOf("}", body) >= 0) {
					break;
				}
			}
			return response.toString();
		}
	}

}
