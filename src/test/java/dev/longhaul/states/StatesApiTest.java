package dev.longhaul.states;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.longhaul.config.InstanceId;
import dev.longhaul.config.SqlTime;
import dev.longhaul.email.EmailStatus;
import dev.longhaul.processing.DatasetStatus;
import dev.longhaul.queue.JobStatus;
import dev.longhaul.worker.WorkerState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/states}: the states it serves are the enums', and each action it serves
 * is taken by the API in exactly the states it names (a 409 in the others), for jobs,
 * emails, datasets and workers. Same context as {@code DashboardApiTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StatesApiTest {

	private static final Instant TOMORROW = Instant.now().plus(Duration.ofDays(1));

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	InstanceId instance;

	@Test
	void statesAreTheEnumsInTheOrderOfTheirLifeForEveryViewer() {
		JsonNode states = states();

		assertThat(texts(states.get("jobs").get("states"))).containsExactlyElementsOf(names(JobStatus.values()));
		assertThat(texts(states.get("workers").get("states"))).containsExactlyElementsOf(names(WorkerState.values()));
		assertThat(texts(states.get("emails").get("states"))).containsExactlyElementsOf(names(EmailStatus.values()));
		assertThat(texts(states.get("datasets").get("states")))
			.containsExactlyElementsOf(names(DatasetStatus.values()));
		assertThat(states.get("jobs").toString()).isEqualTo("{\"states\":[\"READY\",\"RUNNING\",\"SUCCEEDED\",\"DEAD\","
				+ "\"CANCELLED\"],\"ended\":[\"SUCCEEDED\",\"DEAD\",\"CANCELLED\"],\"failed\":\"DEAD\",\"actions\":"
				+ "{\"retry\":[\"DEAD\"],\"cancel\":[\"READY\"],\"delete\":[\"SUCCEEDED\",\"DEAD\",\"CANCELLED\"]}}");
		assertThat(states.get("emails").get("failed").asString()).isEqualTo("FAILED");
	}

	@Test
	void theApiDescriptionHasIt() {
		String docs = client("viewer").get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(docs).contains("\"/api/states\"");
	}

	@Test
	void eachJobActionIsTakenInExactlyTheStatusesServed() {
		String queue = "states-" + System.nanoTime() % 1_000_000;
		try {
			Map<String, List<String>> taken = taken(actions("jobs"), JobStatus.values(),
					(status) -> insertJob(queue, queue, status, null, "{}"), "/api/jobs/");

			assertThat(taken).isEqualTo(actions("jobs"));
		}
		finally {
			this.jdbc.sql("DELETE FROM jobs WHERE queue = ?").param(queue).update();
		}
	}

	@Test
	void eachEmailActionIsTakenInExactlyTheStatusesServed() {
		List<Long> ids = new ArrayList<>();
		Set<Long> sending = new HashSet<>();
		try {
			Map<String, List<String>> taken = taken(actions("emails"), EmailStatus.values(), (status) -> {
				long id = switch (status) {
					case QUEUED -> insertEmail(JobStatus.READY, null);
					case SENDING -> insertEmail(JobStatus.RUNNING, null);
					case SENT -> insertEmail(JobStatus.SUCCEEDED, null);
					case RETRYING -> insertEmail(JobStatus.READY, "421 try again later");
					case FAILED -> insertEmail(JobStatus.DEAD, "550 mailbox unavailable");
					case CANCELLED -> insertEmail(JobStatus.CANCELLED, null);
				};
				ids.add(id);
				if (status == EmailStatus.SENDING) {
					sending.add(id);
				}
				return id;
			}, "/api/emails/");

			assertThat(taken).isEqualTo(actions("emails"));
		}
		finally {
			// A retried email is due at once: cancel it, or let its try end, before
			// its row goes.
			ids.forEach((id) -> await().atMost(Duration.ofSeconds(30)).until(() -> {
				this.jdbc.sql("UPDATE jobs SET status = 'CANCELLED' WHERE id = ? AND status = 'READY'")
					.param(id)
					.update();
				return this.jdbc.sql("SELECT status FROM jobs WHERE id = ?").param(id).query(String.class).single();
			}, (status) -> !status.equals("READY") && !status.equals("RUNNING") || sending.contains(id)));
			ids.forEach((id) -> this.jdbc.sql("DELETE FROM jobs WHERE id = ?").param(id).update());
		}
	}

	@Test
	void eachDatasetActionIsTakenInExactlyTheStatusesServed() {
		List<Long> jobs = new ArrayList<>();
		try {
			Map<String, List<String>> taken = taken(actions("datasets"), DatasetStatus.values(), (status) -> {
				JobStatus jobStatus = switch (status) {
					case QUEUED -> JobStatus.READY;
					case RUNNING -> JobStatus.RUNNING;
					case SUCCEEDED -> JobStatus.SUCCEEDED;
					case FAILED -> JobStatus.DEAD;
					case CANCELLED -> JobStatus.CANCELLED;
				};
				long job = insertJob("dataset", "dataset", jobStatus, null, "{}");
				jobs.add(job);
				GeneratedKeyHolder keys = new GeneratedKeyHolder();
				this.jdbc
					.sql("INSERT INTO datasets (name, file_path, size_bytes, delimiter, job_id, created_at) "
							+ "VALUES ('states.csv', 'target/states-test-no-such-file.csv', 10, ',', ?, ?)")
					.params(job, SqlTime.at(Instant.now()))
					.update(keys, "id");
				return keys.getKeyAs(Number.class).longValue();
			}, "/api/datasets/");

			assertThat(taken).isEqualTo(actions("datasets"));
		}
		finally {
			jobs.forEach((job) -> {
				this.jdbc.sql("DELETE FROM datasets WHERE job_id = ?").param(job).update();
				this.jdbc.sql("DELETE FROM jobs WHERE id = ?").param(job).update();
			});
		}
	}

	@Test
	void eachWorkerActionIsTakenInExactlyTheStatesServedOfThoseAnAdminCanReach() {
		// RUNNING and PAUSED: the other states come only with start-up, shutdown or a
		// failure.
		String worker = "job-cleaner";
		Map<String, List<String>> served = actions("workers");
		Map<String, List<String>> taken = new LinkedHashMap<>();
		served.keySet().forEach((action) -> taken.put(action, new ArrayList<>()));
		try {
			for (WorkerState state : List.of(WorkerState.RUNNING, WorkerState.PAUSED)) {
				for (String action : served.keySet()) {
					bring(worker, state);
					if (isTaken(HttpMethod.POST, "/api/workers/" + worker + "/" + action)) {
						taken.get(action).add(state.name());
					}
				}
			}
		}
		finally {
			bring(worker, WorkerState.RUNNING);
		}

		served.replaceAll((action, states) -> states.stream()
			.filter((state) -> state.equals("RUNNING") || state.equals("PAUSED"))
			.toList());
		assertThat(taken).isEqualTo(served);
	}

	/**
	 * Per action served, the states in which the API took it on a thing made in that
	 * state.
	 */
	private <S extends Enum<S>> Map<String, List<String>> taken(Map<String, List<String>> served, S[] states,
			Maker<S> make, String path) {
		Map<String, List<String>> taken = new LinkedHashMap<>();
		for (String action : served.keySet()) {
			taken.put(action, new ArrayList<>());
			for (S state : states) {
				long id = make.make(state);
				boolean done = action.equals("delete") ? isTaken(HttpMethod.DELETE, path + id)
						: isTaken(HttpMethod.POST, path + id + "/" + action);
				if (done) {
					taken.get(action).add(state.name());
				}
			}
		}
		return taken;
	}

	/** Whether the admin's call succeeded; anything but a success must be a 409. */
	private boolean isTaken(HttpMethod method, String path) {
		int status = client("admin").method(method).uri(path).exchange().returnResult().getStatus().value();
		assertThat(status).as("%s %s", method, path).isIn(200, 204, 409);
		return status != 409;
	}

	private void bring(String worker, WorkerState state) {
		JsonNode now = client("viewer").get()
			.uri("/api/workers/" + worker)
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		if (!now.get("state").asString().equals(state.name())) {
			client("admin").post()
				.uri("/api/workers/" + worker + "/" + ((state == WorkerState.PAUSED) ? "pause" : "resume"))
				.exchange()
				.expectStatus()
				.isOk();
		}
	}

	private long insertEmail(JobStatus status, @Nullable String lastError) {
		return insertJob("email", "email", status, lastError,
				"{\"to\":[\"ada@example.com\"],\"subject\":\"States\",\"text\":\"Hi\"}");
	}

	/**
	 * A job in a status: a READY one due tomorrow, a RUNNING one leased by this live
	 * instance until then, so that no worker takes or rescues it meanwhile.
	 */
	private long insertJob(String queue, String type, JobStatus status, @Nullable String lastError, String payload) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		Instant now = Instant.now();
		boolean running = status == JobStatus.RUNNING;
		boolean ended = status != JobStatus.READY && !running;
		this.jdbc.sql(
				"INSERT INTO jobs (queue, type, payload, status, priority, run_at, attempts, max_attempts, last_error, "
						+ "lease_owner, lease_until, created_at, updated_at, finished_at) "
						+ "VALUES (?, ?, ?, ?, 0, ?, 1, 3, ?, ?, ?, ?, ?, ?)")
			.params(queue, type, payload, status.name(), SqlTime.at(TOMORROW), lastError,
					running ? this.instance.value() : null, running ? SqlTime.at(TOMORROW) : null, SqlTime.at(now),
					SqlTime.at(now), ended ? SqlTime.at(now) : null)
			.update(keys, "id");
		return keys.getKeyAs(Number.class).longValue();
	}

	private JsonNode states() {
		return client("viewer").get()
			.uri("/api/states")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private Map<String, List<String>> actions(String kind) {
		Map<String, List<String>> actions = new LinkedHashMap<>();
		states().get(kind)
			.get("actions")
			.properties()
			.forEach((entry) -> actions.put(entry.getKey(), texts(entry.getValue())));
		return actions;
	}

	private RestTestClient client(String user) {
		return RestTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeaders((headers) -> headers.setBasicAuth(user, user + "-secret"))
			.build();
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.forEach((node) -> texts.add(node.asString()));
		return texts;
	}

	private static List<String> names(Enum<?>[] values) {
		return Arrays.stream(values).map(Enum::name).toList();
	}

	/** Makes a thing in a state and answers its id. */
	private interface Maker<S> {

		long make(S state);

	}

}
