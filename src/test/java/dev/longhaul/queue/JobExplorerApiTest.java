package dev.longhaul.queue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.longhaul.support.TestClients;

import static dev.longhaul.config.SqlTime.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job explorer's API on the running application: lists, detail with masking, the
 * actions one by one and in bulk with their counts, and the refusals (400, 404, 409) that
 * change nothing. Its jobs have types and queues no handler runs, each test its own, so
 * no executor takes them and other tests' jobs do not show.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobExplorerApiTest {

	private static final AtomicInteger types = new AtomicInteger();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JsonMapper json;

	RestTestClient admin;

	String type;

	@BeforeEach
	void setUp() {
		this.admin = TestClients.as(this.port, "admin");
		this.type = "explorer-test-" + System.nanoTime() % 1_000_000 + "-" + types.incrementAndGet();
	}

	@Test
	void listsJobsOfAnyTypeNewestFirstFilteredAndPagedWithoutPayloads() {
		long dead = insert(this.type, JobStatus.DEAD, "{}", "Upstream said NO (code 7)");
		long ready = insert(this.type, JobStatus.READY, "{}", null);
		long done = insert(this.type, JobStatus.SUCCEEDED, "{}", null);

		JsonNode all = body(get("/api/jobs?type=" + this.type));
		assertThat(ids(all)).containsExactly(done, ready, dead);
		assertThat(all.get("next").isNull()).isTrue();
		assertThat(all.get("jobs").get(0).has("payload")).isFalse();
		assertThat(ids(body(get("/api/jobs?type=" + this.type + "&status=dead,succeeded")))).containsExactly(done,
				dead);
		assertThat(ids(body(get("/api/jobs?type=" + this.type + "&status=DEAD&status=READY")))).containsExactly(ready,
				dead);
		assertThat(ids(body(get("/api/jobs?type=" + this.type + "&error=" + encode("said no (")))))
			.containsExactly(dead);
		assertThat(ids(body(get("/api/jobs?type=" + this.type + "&newerThan=1h")))).hasSize(3);
		assertThat(ids(body(get("/api/jobs?type=" + this.type + "&olderThan=1h")))).isEmpty();
		assertThat(ids(body(get(
				"/api/jobs?queue=" + this.type + "&olderThan=" + encode(Instant.now().plusSeconds(60).toString())))))
			.hasSize(3);

		JsonNode first = body(get("/api/jobs?type=" + this.type + "&size=2"));
		assertThat(ids(first)).containsExactly(done, ready);
		JsonNode second = body(get("/api/jobs?type=" + this.type + "&size=2&before=" + first.get("next")));
		assertThat(ids(second)).containsExactly(dead);
		assertThat(second.get("next").isNull()).isTrue();
	}

	@Test
	void detailShowsTheJobWithAddressesMaskedAndLongTextsCut() {
		String payload = """
				{"to": ["Ada Lovelace <ada@example.com>", "bob@example.org"], "subject": "Notes for carol@example.net",
				 "text": "%s", "count": 3}
				""".formatted("x".repeat(1000));
		long id = insert(this.type, JobStatus.DEAD, payload, "550 5.1.1 <ada@example.com>: no such user");

		JsonNode job = body(get("/api/jobs/" + id));

		assertThat(job.get("type").asString()).isEqualTo(this.type);
		assertThat(job.get("queue").asString()).isEqualTo(this.type);
		assertThat(job.get("registered").asBoolean()).isFalse();
		assertThat(job.get("status").asString()).isEqualTo("DEAD");
		assertThat(job.get("attempts").asInt()).isEqualTo(3);
		assertThat(job.get("maxAttempts").asInt()).isEqualTo(3);
		assertThat(job.get("lastError").asString()).isEqualTo("550 5.1.1 <a***@example.com>: no such user");
		assertThat(job.get("createdAt").isNull()).isFalse();
		assertThat(job.get("finishedAt").isNull()).isFalse();
		JsonNode shown = job.get("payload");
		assertThat(shown.get("to").get(0).asString()).isEqualTo("a***@example.com");
		assertThat(shown.get("to").get(1).asString()).isEqualTo("b***@example.org");
		assertThat(shown.get("subject").asString()).isEqualTo("Notes for c***@example.net");
		assertThat(shown.get("text").asString()).isEqualTo("x".repeat(200) + "… (1000 characters)");
		assertThat(shown.get("count").asInt()).isEqualTo(3);
		assertThat(job.toString()).doesNotContain("ada@", "bob@", "carol@", "Lovelace");
	}

	@Test
	void emailJobsAreMaskedAsTheEmailLogsMaskThem() {
		long id = insert("email", JobStatus.DEAD,
				"""
						{"to": ["Ada Lovelace <ada@example.com>"], "subject": "Hello", "text": "Dear Ada, write to ada@example.com"}
						""",
				"550 <ada@example.com> unknown", "email");
		try {
			JsonNode job = body(get("/api/jobs/" + id));

			assertThat(job.get("registered").asBoolean()).isTrue();
			assertThat(job.get("payload").get("to").get(0).asString()).isEqualTo("a***@example.com");
			assertThat(job.get("payload").get("text").asString()).isEqualTo("Dear Ada, write to a***@example.com");
			assertThat(job.get("lastError").asString()).isEqualTo("550 <a***@example.com> unknown");
		}
		finally {
			this.jdbc.sql("DELETE FROM jobs WHERE id = ?").param(id).update();
		}
	}

	@Test
	void eachActionChangesOneJobAndAnActionTheStatusDoesNotAllowIsAConflict() {
		long dead = insert(this.type, JobStatus.DEAD, "{}", "boom");

		JsonNode retried = body(post("/api/jobs/" + dead + "/retry"));
		assertThat(retried.get("action").asString()).isEqualTo("retry");
		assertThat(retried.get("changed").asInt()).isEqualTo(1);
		assertThat(retried.get("job").get("status").asString()).isEqualTo("READY");
		assertThat(retried.get("job").get("attempts").asInt()).isZero();
		assertThat(post("/api/jobs/" + dead + "/retry").getStatus().value()).isEqualTo(409);

		JsonNode cancelled = body(post("/api/jobs/" + dead + "/cancel"));
		assertThat(cancelled.get("job").get("status").asString()).isEqualTo("CANCELLED");
		EntityExchangeResult<String> again = post("/api/jobs/" + dead + "/cancel");
		assertThat(again.getStatus().value()).isEqualTo(409);
		assertThat(again.getResponseHeaders().getFirst("Content-Type")).startsWith("application/problem+json");
		assertThat(again.getResponseBody()).contains("is CANCELLED; only a READY job can be cancelled");

		long ready = insert(this.type, JobStatus.READY, "{}", null);
		assertThat(delete("/api/jobs/" + ready).getStatus().value()).isEqualTo(409);
		JsonNode deleted = body(delete("/api/jobs/" + dead));
		assertThat(deleted.get("changed").asInt()).isEqualTo(1);
		assertThat(delete("/api/jobs/" + dead).getStatus().value()).isEqualTo(404);
		assertThat(post("/api/jobs/" + dead + "/retry").getStatus().value()).isEqualTo(404);
		assertThat(get("/api/jobs/" + dead).getStatus().value()).isEqualTo(404);
		assertThat(status(ready)).isEqualTo("READY");
	}

	@Test
	void bulkActionsChangeEveryJobTheFilterTakesAndSayHowMany() {
		List<Long> dead = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			dead.add(insert(this.type, JobStatus.DEAD, "{}", (i == 0) ? "timeout" : "refused"));
		}
		long ready = insert(this.type, JobStatus.READY, "{}", null);

		JsonNode retried = body(post("/api/jobs/retry?type=" + this.type + "&error=refused"));
		assertThat(retried.get("changed").asInt()).isEqualTo(2);
		assertThat(retried.get("limit").asInt()).isEqualTo(10_000);
		assertThat(status(dead.get(0))).isEqualTo("DEAD");
		assertThat(status(dead.get(1))).isEqualTo("READY");

		JsonNode cancelled = body(post("/api/jobs/cancel?type=" + this.type));
		assertThat(cancelled.get("changed").asInt()).isEqualTo(3);
		assertThat(status(ready)).isEqualTo("CANCELLED");

		JsonNode deleted = body(delete("/api/jobs?type=" + this.type + "&status=CANCELLED"));
		assertThat(deleted.get("changed").asInt()).isEqualTo(3);
		assertThat(ids(body(get("/api/jobs?type=" + this.type)))).containsExactly(dead.get(0));
	}

	@Test
	void badInputIsAProblemDetailAndChangesNothing() {
		long dead = insert(this.type, JobStatus.DEAD, "{}", "boom");
		String filter = "type=" + this.type;

		for (String path : List.of("/api/jobs?status=BOGUS", "/api/jobs?before=abc", "/api/jobs?before=0",
				"/api/jobs?size=201", "/api/jobs?size=0", "/api/jobs?error=" + "e".repeat(201),
				"/api/jobs?olderThan=yesterday", "/api/jobs?newerThan=-1h", "/api/jobs?type=Email",
				"/api/jobs?queue=" + "q".repeat(65), "/api/jobs/abc")) {
			EntityExchangeResult<String> response = get(path);
			assertThat(response.getStatus().value()).as(path).isEqualTo(400);
			assertThat(response.getResponseHeaders().getFirst("Content-Type")).as(path)
				.startsWith("application/problem+json");
		}
		assertThat(get("/api/jobs/987654321").getStatus().value()).isEqualTo(404);
		assertThat(post("/api/jobs/retry").getStatus().value()).isEqualTo(400);
		assertThat(delete("/api/jobs").getStatus().value()).isEqualTo(400);
		assertThat(post("/api/jobs/retry?" + filter + "&status=READY").getStatus().value()).isEqualTo(400);
		assertThat(post("/api/jobs/retry?" + filter + "&status=DEAD,BOGUS").getStatus().value()).isEqualTo(400);
		assertThat(post("/api/jobs/cancel?" + filter + "&status=DEAD").getStatus().value()).isEqualTo(400);
		assertThat(delete("/api/jobs?" + filter + "&status=RUNNING").getStatus().value()).isEqualTo(400);
		assertThat(post("/api/jobs/retry?" + filter + "&olderThan=soon").getStatus().value()).isEqualTo(400);
		assertThat(status(dead)).isEqualTo("DEAD");
	}

	private long insert(String type, JobStatus status, String payload, @Nullable String lastError) {
		return insert(type, status, payload, lastError, type);
	}

	private long insert(String type, JobStatus status, String payload, @Nullable String lastError, String queue) {
		Instant now = Instant.now();
		boolean ended = status == JobStatus.SUCCEEDED || status == JobStatus.DEAD || status == JobStatus.CANCELLED;
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO jobs (queue, type, payload, status, priority, run_at, attempts, max_attempts, "
					+ "last_error, created_at, updated_at, finished_at) VALUES (?, ?, ?, ?, 0, ?, ?, 3, ?, ?, ?, ?)")
			.params(queue, type, payload, status.name(), at(now.plusSeconds(3600)), (status == JobStatus.DEAD) ? 3 : 0,
					lastError, at(now), at(now), ended ? at(now) : null)
			.update(keys, "id");
		return keys.getKeyAs(Number.class).longValue();
	}

	private String status(long id) {
		return this.jdbc.sql("SELECT status FROM jobs WHERE id = ?").param(id).query(String.class).single();
	}

	private EntityExchangeResult<String> get(String path) {
		return this.admin.get().uri(path).exchange().returnResult(String.class);
	}

	private EntityExchangeResult<String> post(String path) {
		return this.admin.post().uri(path).exchange().returnResult(String.class);
	}

	private EntityExchangeResult<String> delete(String path) {
		return this.admin.delete().uri(path).exchange().returnResult(String.class);
	}

	private JsonNode body(EntityExchangeResult<String> response) {
		assertThat(response.getStatus().value()).as(response.getResponseBody()).isEqualTo(200);
		return this.json.readTree(response.getResponseBody());
	}

	private static List<Long> ids(JsonNode listing) {
		List<Long> ids = new ArrayList<>();
		listing.get("jobs").forEach((job) -> ids.add(job.get("id").asLong()));
		return ids;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
