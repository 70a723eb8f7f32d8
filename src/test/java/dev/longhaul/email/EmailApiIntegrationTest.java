package dev.longhaul.email;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.longhaul.queue.Job;
import dev.longhaul.queue.QueueProperties;
import dev.longhaul.queue.TestJobEngine;
import dev.longhaul.support.RawHttp;
import dev.longhaul.support.TestClients;
import dev.longhaul.worker.Worker;
import dev.longhaul.worker.WorkerRegistry;
import dev.longhaul.worker.WorkerState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;
import static org.awaitility.Awaitility.await;

/**
 * The email API end to end: REST, the outbox, the email-sender worker and real SMTP (the
 * embedded GreenMail sink).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmailApiIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	DevMailServer mailServer;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	Outbox outbox;

	@Autowired
	WorkerRegistry workers;

	Worker emailSender;

	@Autowired
	TransactionTemplate transactions;

	RestTestClient admin;

	@BeforeEach
	void setUp() {
		this.admin = TestClients.as(this.port, "admin");
		this.emailSender = this.workers.find("email-sender").orElseThrow();
		if (this.emailSender.state() == WorkerState.PAUSED) {
			this.emailSender.resume();
		}
	}

	@Test
	void postedEmailIsDeliveredOverSmtpWithItsHeadersAndBody() throws Exception {
		EntityExchangeResult<String> response = postJson("/api/emails", """
				{"to": ["Ada Lovelace <ada@example.com>"], "cc": ["charles@example.com"],
				 "bcc": ["secret@example.com"], "replyTo": "replies@example.com",
				 "subject": "Notes on the Engine", "text": "Plain notes", "html": "<p>Rich <b>notes</b></p>"}
				""");

		assertThat(response.getStatus().value()).isEqualTo(202);
		long id = idOf(response.getResponseBody());
		assertThat(response.getResponseHeaders().getFirst("Location")).isEqualTo("/api/emails/" + id);
		await().until(() -> get("/api/emails/" + id).getResponseBody().contains("\"status\":\"SENT\""));
		String view = get("/api/emails/" + id).getResponseBody();
		String messageId = field(view, "messageId");
		MimeMessage delivered = Arrays.stream(this.mailServer.receivedMessages())
			.filter((message) -> messageId.equals(messageIdOf(message)))
			.findFirst()
			.orElseThrow();
		assertThat(delivered.getSubject()).isEqualTo("Notes on the Engine");
		assertThat(delivered.getHeader("To")[0]).isEqualTo("Ada Lovelace <ada@example.com>");
		assertThat(delivered.getHeader("Cc")[0]).isEqualTo("charles@example.com");
		assertThat(delivered.getHeader("Bcc")).isNull();
		assertThat(delivered.getHeader("Reply-To")[0]).isEqualTo("replies@example.com");
		assertThat(delivered.getHeader("From")[0]).isEqualTo("Longhaul <noreply@localhost>");
		String raw = new String(delivered.getRawInputStream().readAllBytes());
		assertThat(raw).contains("Plain notes", "<p>Rich <b>notes</b></p>");
		assertThat(this.mailServer.receivedMessages()).filteredOn((message) -> messageId.equals(messageIdOf(message)))
			.hasSize(3);
		assertThat(view).contains("\"sentAt\":\"", "\"attempts\":0");
		assertThat(get("/api/dev/mailbox").getResponseBody()).contains(messageId);
		String newest = get("/api/dev/mailbox?limit=1").getResponseBody();
		assertThat(newest).containsOnlyOnce("\"messageId\"").contains("\"count\":");
		assertThat(get("/api/dev/mailbox?limit=0").getStatus().value()).isEqualTo(400);
		assertThat(get("/actuator/prometheus").getResponseBody()).contains("longhaul_email_sent_total",
				"longhaul_email_send_seconds_count", "longhaul_email_ambiguous_total",
				"longhaul_queue_jobs{queue=\"email\",status=\"succeeded\"}",
				"longhaul_queue_oldest_age_seconds{queue=\"email\"}");
	}

	@Test
	void sameIdempotencyKeyAndBodyReturnsTheFirstEmailAndAnotherBodyConflicts() {
		String body = "{\"to\": [\"ada@example.com\"], \"text\": \"once\"}";
		EntityExchangeResult<String> first = postJson("/api/emails", body, "Idempotency-Key", "order-42");
		long before = emailCount();

		EntityExchangeResult<String> replay = postJson("/api/emails", body, "Idempotency-Key", "order-42");
		EntityExchangeResult<String> conflict = postJson("/api/emails",
				"{\"to\": [\"ada@example.com\"], \"text\": \"twice\"}", "Idempotency-Key", "order-42");

		assertThat(first.getStatus().value()).isEqualTo(202);
		assertThat(replay.getStatus().value()).isEqualTo(200);
		assertThat(idOf(replay.getResponseBody())).isEqualTo(idOf(first.getResponseBody()));
		assertThat(conflict.getStatus().value()).isEqualTo(409);
		assertThat(conflict.getResponseHeaders().getFirst("Content-Type")).isEqualTo("application/problem+json");
		assertThat(conflict.getResponseBody()).contains("order-42");
		assertThat(emailCount()).isEqualTo(before);
	}

	@Test
	void idempotencyKeysAreEachUsersOwn() {
		String body = "{\"to\": [\"ada@example.com\"], \"text\": \"mine\"}";
		RestTestClient operator = TestClients.as(this.port, "operator");

		EntityExchangeResult<String> admins = postJson("/api/emails", body, "Idempotency-Key", "invoice-7");
		EntityExchangeResult<String> operators = TestClients.postJson(operator, "/api/emails", body, "Idempotency-Key",
				"invoice-7");
		EntityExchangeResult<String> replay = TestClients.postJson(operator, "/api/emails", body, "Idempotency-Key",
				"invoice-7");
		EntityExchangeResult<String> conflict = TestClients.postJson(operator, "/api/emails",
				"{\"to\": [\"ada@example.com\"], \"text\": \"other\"}", "Idempotency-Key", "invoice-7");

		assertThat(admins.getStatus().value()).isEqualTo(202);
		assertThat(operators.getStatus().value()).as("the same key from another user is another request")
			.isEqualTo(202);
		assertThat(idOf(operators.getResponseBody())).isNotEqualTo(idOf(admins.getResponseBody()));
		assertThat(replay.getStatus().value()).isEqualTo(200);
		assertThat(idOf(replay.getResponseBody())).isEqualTo(idOf(operators.getResponseBody()));
		assertThat(conflict.getStatus().value()).isEqualTo(409);
		assertThat(conflict.getResponseBody())
			.contains("Idempotency key 'invoice-7' was already used with a different request (job "
					+ idOf(operators.getResponseBody()) + ")")
			.doesNotContain("user:");
	}

	static Stream<Arguments> invalidEmails() {
		String many = IntStream.range(0, 51)
			.mapToObj((i) -> "\"u" + i + "@example.com\"")
			.collect(Collectors.joining(","));
		return Stream.of(Arguments.of("no to", "{\"text\": \"x\"}", "to"),
				Arguments.of("empty to", "{\"to\": [], \"text\": \"x\"}", "to"),
				Arguments.of("51 recipients", "{\"to\": [" + many + "], \"text\": \"x\"}", "to"),
				Arguments.of("two addresses in one entry",
						"{\"to\": [\"a@example.com, b@example.com\"], \"text\": \"x\"}", "to[0]"),
				Arguments.of("bad syntax", "{\"to\": [\"not an address\"], \"text\": \"x\"}", "to[0]"),
				Arguments.of("no domain", "{\"to\": [\"ada\"], \"text\": \"x\"}", "to[0]"),
				Arguments.of("65-character local part",
						"{\"to\": [\"" + "a".repeat(65) + "@example.com\"], \"text\": \"x\"}", "to[0]"),
				Arguments.of("255-character address",
						"{\"to\": [\"ada@" + "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(63) + "."
								+ "g".repeat(57) + ".com\"], \"text\": \"x\"}",
						"to[0]"),
				Arguments.of("201-character display name",
						"{\"to\": [\"\\\"" + "N".repeat(201) + "\\\" <ada@example.com>\"], \"text\": \"x\"}", "to[0]"),
				Arguments.of("513-character address entry",
						"{\"to\": [\"ada@example.com " + "(c)".repeat(166) + "\"], \"text\": \"x\"}", "to[0]"),
				Arguments.of("CR LF in an address",
						"{\"to\": [\"ada@example.com\\r\\nBcc: eve@example.com\"], \"text\": \"x\"}", "to[0]"),
				Arguments.of("bad cc", "{\"to\": [\"a@example.com\"], \"cc\": [\"nope\"], \"text\": \"x\"}", "cc[0]"),
				Arguments.of("51 bcc", "{\"to\": [\"a@example.com\"], \"bcc\": [" + many + "], \"text\": \"x\"}",
						"bcc"),
				Arguments.of("bad replyTo",
						"{\"to\": [\"a@example.com\"], \"replyTo\": \"a@b.c, d@e.f\", \"text\": \"x\"}", "replyTo"),
				Arguments.of("header injection in subject",
						"{\"to\": [\"a@example.com\"], \"subject\": \"Hi\\r\\nBcc: eve@example.com\", \"text\": \"x\"}",
						"subject"),
				Arguments.of("999-character subject",
						"{\"to\": [\"a@example.com\"], \"subject\": \"" + "s".repeat(999) + "\", \"text\": \"x\"}",
						"subject"),
				Arguments.of("no body", "{\"to\": [\"a@example.com\"], \"subject\": \"empty\"}", "text"),
				Arguments.of("blank body", "{\"to\": [\"a@example.com\"], \"text\": \" \", \"html\": \"\"}", "text"),
				Arguments.of("group address", "{\"to\": [\"team: a@x.com, b@y.com, c@z.com;\"], \"text\": \"x\"}",
						"to[0]"),
				Arguments.of("NUL in text", "{\"to\": [\"a@example.com\"], \"text\": \"a\\u0000b\"}", "text"),
				Arguments.of("body over 1 MiB",
						"{\"to\": [\"a@example.com\"], \"text\": \"" + "x".repeat(1024 * 1024) + "\", \"html\": \"y\"}",
						"text"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidEmails")
	void invalidEmailIsRefusedWithTheFieldAndNothingIsStored(String name, String json, String field) {
		long before = emailCount();

		EntityExchangeResult<String> response = postJson("/api/emails", json);

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertThat(response.getResponseHeaders().getFirst("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.getResponseBody()).contains("\"field\":\"" + field + "\"");
		assertThat(emailCount()).isEqualTo(before);
	}

	static Stream<Arguments> unreadableBodies() {
		return Stream.of(Arguments.of("malformed JSON", "{\"to\": [", "not valid"),
				Arguments.of("unknown field", "{\"to\": [\"a@example.com\"], \"bbc\": [], \"text\": \"x\"}",
						"Unknown field 'bbc'"),
				Arguments.of("wrong type", "{\"to\": \"a@example.com\", \"text\": \"x\"}", "not valid"),
				Arguments.of("number for text", "{\"to\": [\"a@example.com\"], \"text\": 12}", "not valid"),
				Arguments.of("duplicate key", "{\"to\": [\"a@example.com\"], \"text\": \"x\", \"text\": \"y\"}",
						"Duplicate Object property"),
				Arguments.of("empty body", "", "missing"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("unreadableBodies")
	void unreadableBodyIsRefusedAndNothingIsStored(String name, String json, String detail) {
		long before = emailCount();

		EntityExchangeResult<String> response = postJson("/api/emails", json);

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertThat(response.getResponseHeaders().getFirst("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.getResponseBody()).contains(detail);
		assertThat(emailCount()).isEqualTo(before);
	}

	@Test
	void jsonBodyOverTheLimitIsRefusedWith413BeforeItIsRead() throws Exception {
		long before = emailCount();

		String response = RawHttp.unfinished(this.port,
				"POST /api/emails HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAuthorization: "
						+ TestClients.basic("admin", TestClients.password("admin"))
						+ "\r\nContent-Length: 100000000\r\nConnection: close",
				"{\"to\": [".getBytes(StandardCharsets.US_ASCII), false);

		assertThat(response).startsWith("HTTP/1.1 413")
			.contains("application/problem+json", "longhaul.web.max-json-size");
		assertThat(emailCount()).isEqualTo(before);
	}

	@Test
	void badIdempotencyKeyIsRefused() {
		EntityExchangeResult<String> response = postJson("/api/emails",
				"{\"to\": [\"a@example.com\"], \"text\": \"x\"}", "Idempotency-Key", "has space");

		assertThat(response.getStatus().value()).isEqualTo(400);
		assertThat(response.getResponseBody()).contains("Idempotency-Key");
	}

	@Test
	void unknownEmailIs404AndBadPagingIs400() {
		assertThat(get("/api/emails/987654").getStatus().value()).isEqualTo(404);
		assertThat(get("/api/emails/abc").getStatus().value()).isEqualTo(400);
		assertThat(post("/api/emails/987654/cancel").getStatus().value()).isEqualTo(404);
		assertThat(get("/api/emails?size=0").getStatus().value()).isEqualTo(400);
		assertThat(get("/api/emails?size=101").getStatus().value()).isEqualTo(400);
		assertThat(get("/api/emails?page=-1").getStatus().value()).isEqualTo(400);
		assertThat(get("/api/emails?status=LOST").getResponseBody()).contains("must be one of [QUEUED");
	}

	@Test
	void listFiltersByStatusNewestFirst() {
		long a = idOf(postJson("/api/emails", "{\"to\": [\"a@example.com\"], \"text\": \"a\"}").getResponseBody());
		long b = idOf(postJson("/api/emails", "{\"to\": [\"b@example.com\"], \"text\": \"b\"}").getResponseBody());
		await().until(() -> get("/api/emails/" + b).getResponseBody().contains("SENT"));
		await().until(() -> get("/api/emails/" + a).getResponseBody().contains("SENT"));

		String page = get("/api/emails?status=SENT&size=2").getResponseBody();

		assertThat(page).contains("\"size\":2", "\"page\":0");
		assertThat(page.indexOf("\"id\":" + b)).isLessThan(page.indexOf("\"id\":" + a));
		assertThat(get("/api/emails?status=CANCELLED").getResponseBody()).doesNotContain("\"id\":" + a + ",");
	}

	@Test
	void queuedEmailCanBeCancelledOnceAndFailedEmailRetried() {
		this.emailSender.pause("test");
		long id = idOf(postJson("/api/emails", "{\"to\": [\"a@example.com\"], \"text\": \"x\"}").getResponseBody());
		assertThat(get("/api/emails/" + id).getResponseBody()).contains("\"status\":\"QUEUED\"");

		EntityExchangeResult<String> cancelled = post("/api/emails/" + id + "/cancel");
		EntityExchangeResult<String> again = post("/api/emails/" + id + "/cancel");
		EntityExchangeResult<String> retryCancelled = post("/api/emails/" + id + "/retry");

		assertThat(cancelled.getStatus().value()).isEqualTo(200);
		assertThat(cancelled.getResponseBody()).contains("\"status\":\"CANCELLED\"");
		assertThat(again.getStatus().value()).isEqualTo(409);
		assertThat(again.getResponseBody()).contains("is CANCELLED; only a QUEUED or RETRYING email can be cancelled");
		assertThat(retryCancelled.getStatus().value()).isEqualTo(409);

		long failing = idOf(
				postJson("/api/emails", "{\"to\": [\"b@example.com\"], \"text\": \"x\"}").getResponseBody());
		TestJobEngine other = new TestJobEngine(this.dataSource, Clock.systemUTC(), "other",
				QueueProperties.defaults());
		Job claimed = other.claim(Outbox.QUEUE, 10)
			.stream()
			.filter((job) -> job.id() == failing)
			.findFirst()
			.orElseThrow();
		other.fail(claimed, "550 5.1.1 mailbox unavailable");
		assertThat(get("/api/emails/" + failing).getResponseBody()).contains("\"status\":\"FAILED\"",
				"\"lastError\":\"550 5.1.1 mailbox unavailable\"");

		EntityExchangeResult<String> retried = post("/api/emails/" + failing + "/retry");

		assertThat(retried.getStatus().value()).isEqualTo(200);
		assertThat(retried.getResponseBody()).contains("\"status\":\"QUEUED\"", "\"attempts\":0");
		this.emailSender.resume();
		await().until(() -> get("/api/emails/" + failing).getResponseBody().contains("\"status\":\"SENT\""));
		assertThat(get("/api/emails/" + id).getResponseBody()).contains("\"status\":\"CANCELLED\"");
	}

	@Test
	void batchIsAcceptedWholeOrRefusedWhole() {
		long before = emailCount();

		EntityExchangeResult<String> refused = postJson("/api/emails/batch",
				"[{\"to\": [\"a@example.com\"], \"text\": \"x\"}, {\"to\": [\"nope\"], \"text\": \"x\"}]");
		assertThat(refused.getStatus().value()).isEqualTo(400);
		assertThat(refused.getResponseBody()).contains("\"field\":\"[1].to[0]\"");
		assertThat(emailCount()).isEqualTo(before);

		String tooMany = IntStream.range(0, 1001)
			.mapToObj((i) -> "{\"to\": [\"a@example.com\"], \"text\": \"x\"}")
			.collect(Collectors.joining(",", "[", "]"));
		assertThat(postJson("/api/emails/batch", tooMany).getStatus().value()).isEqualTo(400);
		assertThat(postJson("/api/emails/batch", "[]").getStatus().value()).isEqualTo(400);
		EntityExchangeResult<String> nullElement = postJson("/api/emails/batch", "[null]");
		assertThat(nullElement.getStatus().value()).isEqualTo(400);
		assertThat(nullElement.getResponseBody()).contains("\"field\":\"[0]\"");

		EntityExchangeResult<String> accepted = postJson("/api/emails/batch",
				"[{\"to\": [\"a@example.com\"], \"text\": \"1\"}, {\"to\": [\"b@example.com\"], \"text\": \"2\"}]");
		assertThat(accepted.getStatus().value()).isEqualTo(202);
		assertThat(accepted.getResponseBody()).contains("\"count\":2");
		assertThat(emailCount()).isEqualTo(before + 2);
	}

	@Test
	void javaApiEnqueueCommitsAndRollsBackWithTheCallersTransaction() {
		long before = emailCount();
		EmailRequest email = new EmailRequest(List.of("a@example.com"), null, null, null, "Order shipped", "x", null);

		assertThatRuntimeException().isThrownBy(() -> this.transactions.executeWithoutResult((status) -> {
			this.outbox.enqueue(email, null);
			throw new IllegalStateException("the business write failed");
		}));
		assertThat(emailCount()).isEqualTo(before);

		this.transactions.executeWithoutResult((status) -> this.outbox.enqueue(email, null));
		assertThat(emailCount()).isEqualTo(before + 1);
	}

	private EntityExchangeResult<String> get(String path) {
		return this.admin.get().uri(path).exchange().returnResult(String.class);
	}

	private EntityExchangeResult<String> post(String path) {
		return this.admin.post().uri(path).exchange().returnResult(String.class);
	}

	private EntityExchangeResult<String> postJson(String path, String json, String... headers) {
		return TestClients.postJson(this.admin, path, json, headers);
	}

	private long emailCount() {
		return this.jdbc.sql("SELECT COUNT(*) FROM jobs WHERE queue = 'email'").query(Long.class).single();
	}

	static long idOf(String json) {
		return Long.parseLong(json.replaceAll("(?s)^\\{\"id\":(\\d+).*$", "$1"));
	}

	static String field(String json, String name) {
		return json.replaceAll("(?s)^.*\"" + name + "\":\"([^\"]*)\".*$", "$1");
	}

	private static String messageIdOf(MimeMessage message) {
		try {
			return message.getMessageID();
		}
		catch (Exception ex) {
			return "";
		}
	}

}
