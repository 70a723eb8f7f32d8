package dev.longhaul.web;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import dev.longhaul.support.RawHttp;
import dev.longhaul.support.TestClients;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies are refused before they are read, or as soon as they are read past their
 * limit: only an operator's dataset upload may be large or multipart. Each request sends
 * part of a body and never finishes it: an answer proves the server did not wait for (nor
 * store) the rest.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestBodyLimitsTest {

	private static final int JSON_LIMIT = (int) DataSize.ofMegabytes(32).toBytes();

	private static final int BODY_LIMIT = (int) DataSize.ofKilobytes(64).toBytes();

	private static final String MULTIPART_HEAD = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
			+ "filename=\"big.csv\"\r\nContent-Type: text/csv\r\n\r\nid,name\r\n";

	@LocalServerPort
	int port;

	@Autowired
	WebApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RequestMappingHandlerAdapter mvc;

	@Autowired
	JsonMapper applicationMapper;

	@Test
	void multipartBodyToTheLoginFormIsRefusedBeforeItIsRead() throws IOException {
		AtomicReference<List<String>> stored = new AtomicReference<>();

		String answer = RawHttp.unfinished(this.port,
				head("POST /login", "multipart/form-data; boundary=XyZ", null, null), multipart(256 * 1024), true,
				() -> stored.set(storedParts()));

		assertThat(answer).startsWith("HTTP/1.1 415").contains("application/problem+json", "POST /api/datasets");
		assertThat(stored.get()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "anonymous", "anonymous cross-site", "viewer" })
	void multipartUploadIsNotParsedBeforeAnOperatorIsKnown(String caller) throws IOException {
		long datasets = datasetCount();
		AtomicReference<List<String>> stored = new AtomicReference<>();

		// Cross-site, Spring Security looks for a CSRF token among the parameters.
		String answer = RawHttp.unfinished(this.port,
				head("POST /api/datasets", "multipart/form-data; boundary=XyZ",
						caller.equals("viewer") ? "viewer" : null,
						caller.endsWith("cross-site") ? "Sec-Fetch-Site: cross-site" : null),
				multipart(1024 * 1024), true, () -> stored.set(storedParts()));

		assertThat(answer).matches("(?s)HTTP/1.1 40[13] .*").contains("application/problem+json");
		assertThat(stored.get()).isEmpty();
		assertThat(datasetCount()).isEqualTo(datasets);
	}

	@Test
	void multipartUploadIsNotParsedOnTheErrorDispatchOfARejectedRequest() throws IOException {
		AtomicReference<List<String>> stored = new AtomicReference<>();

		// Spring Security's firewall rejects the header's control character (U+0085) when
		// the Basic filter reads it, and sends a 400 through the error page.
		String answer = RawHttp.unfinished(this.port,
				head("POST /api/datasets", "multipart/form-data; boundary=XyZ", null, "Authorization: Basic \u0085"),
				multipart(256 * 1024), true, () -> stored.set(storedParts()));

		assertThat(answer).startsWith("HTTP/1.1 400");
		assertThat(stored.get()).isEmpty();
	}

	@Test
	void chunkedJsonBodyIsRefusedWith413OnceReadPastTheLimit() throws IOException {
		long emails = emailCount();
		byte[] body = new byte[JSON_LIMIT + 1000];
		Arrays.fill(body, (byte) ' ');
		body[0] = '{';

		String answer = RawHttp.unfinished(this.port, head("POST /api/emails", "application/json", "operator", null),
				body, true);

		assertThat(answer).startsWith("HTTP/1.1 413")
			.contains("application/problem+json", "larger than the limit of 32 MB (longhaul.web.max-json-size)");
		assertThat(emailCount()).isEqualTo(emails);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "application/json", "Application/JSON", "application/json; charset=UTF-8",
			"application/x+json", "application/problem+json", "APPLICATION/VND.LONGHAUL+JSON" })
	void jsonBodyDeclaredOverTheLimitIsRefusedWith413BeforeItIsRead(String type) throws IOException {
		String answer = RawHttp.unfinished(this.port,
				head("POST /api/emails", type, "operator", "Content-Length: " + (JSON_LIMIT + 1)),
				"{\"to\": [".getBytes(StandardCharsets.UTF_8), false);

		assertThat(answer).startsWith("HTTP/1.1 413").contains("longhaul.web.max-json-size");
	}

	@Test
	void chunkedLoginFormIsRefusedWith413OnceReadPastTheSmallLimit() throws IOException {
		String answer = RawHttp.unfinished(this.port,
				head("POST /login", "application/x-www-form-urlencoded", null, null), form(BODY_LIMIT + 100), true);

		assertThat(answer).startsWith("HTTP/1.1 413")
			.contains("application/problem+json", "larger than the limit of 64 KB (longhaul.web.max-body-size)");
	}

	@Test
	void chunkedFormReadByTheApplicationIsCountedToo() throws IOException {
		// Spring's FormContentFilter reads a PUT form through the request's input stream.
		String answer = RawHttp.unfinished(this.port,
				head("PUT /api/emails/1", "application/x-www-form-urlencoded", null, null), form(BODY_LIMIT + 100),
				true);

		assertThat(answer).startsWith("HTTP/1.1 413").contains("longhaul.web.max-body-size");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "POST /login application/x-www-form-urlencoded", "POST /api/emails text/plain",
			"POST /api/emails/1/cancel application/octet-stream", "GET /api/emails text/plain" })
	void otherBodyDeclaredOverTheSmallLimitIsRefusedWith413BeforeItIsRead(String call) throws IOException {
		String[] parts = call.split(" ");

		String answer = RawHttp.unfinished(this.port,
				head(parts[0] + " " + parts[1], parts[2], "admin", "Content-Length: " + (BODY_LIMIT + 1)), form(100),
				false);

		assertThat(answer).startsWith("HTTP/1.1 413").contains("longhaul.web.max-body-size");
	}

	@Test
	void chunkedCsvUploadOfAnAnonymousCallerIsRefusedBeforeItIsRead() throws IOException {
		long datasets = datasetCount();

		String answer = RawHttp.unfinished(this.port, head("POST /api/datasets", "text/csv", null, null),
				form(1024 * 1024), true);

		assertThat(answer).startsWith("HTTP/1.1 401");
		assertThat(datasetCount()).isEqualTo(datasets);
	}

	@Test
	void requestBodiesAreParsedWithJacksonLimitsThatMatchTheJsonLimit() {
		JsonMapper requests = this.mvc.getMessageConverters()
			.stream()
			.filter(JacksonJsonHttpMessageConverter.class::isInstance)
			.map((converter) -> ((JacksonJsonHttpMessageConverter) converter).getMapper())
			.findFirst()
			.orElseThrow();

		assertThat(requests.tokenStreamFactory().streamReadConstraints().getMaxDocumentLength()).isEqualTo(JSON_LIMIT);
		assertThat(requests.tokenStreamFactory().streamReadConstraints().getMaxStringLength()).isEqualTo(JSON_LIMIT);
		assertThat(requests.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).isTrue();
		// Stored documents (job payloads, reports) are not requests: no request limit
		// there.
		assertThat(this.applicationMapper.tokenStreamFactory().streamReadConstraints().hasMaxDocumentLength())
			.isFalse();
	}

	private static String head(String requestLine, String contentType, String user, String header) {
		return requestLine + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
				+ ((user != null) ? "\r\nAuthorization: " + TestClients.basic(user, TestClients.password(user)) : "")
				+ ((header != null) ? "\r\n" + header : "");
	}

	private static byte[] multipart(int size) {
		StringBuilder body = new StringBuilder(size + 200).append(MULTIPART_HEAD);
		while (body.length() < size) {
			body.append("1,Ada\r\n");
		}
		return body.toString().getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] form(int size) {
		byte[] body = new byte[size];
		Arrays.fill(body, (byte) 'a');
		System.arraycopy("username=".getBytes(StandardCharsets.US_ASCII), 0, body, 0, 9);
		return body;
	}

	/**
	 * The part files Tomcat writes to its temporary directory while it parses a multipart
	 * body.
	 */
	private List<String> storedParts() {
		File directory = (File) this.context.getServletContext().getAttribute(ServletContext.TEMPDIR);
		String[] names = directory.list((dir, name) -> name.startsWith("upload_"));
		return (names != null) ? List.of(names) : List.of();
	}

	private long datasetCount() {
		return this.jdbc.sql("SELECT COUNT(*) FROM datasets").query(Long.class).single();
	}

	private long emailCount() {
		return this.jdbc.sql("SELECT COUNT(*) FROM jobs WHERE queue = 'email'").query(Long.class).single();
	}

}
