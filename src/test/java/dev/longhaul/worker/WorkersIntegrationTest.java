package dev.longhaul.worker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.longhaul.LonghaulApplication;
import dev.longhaul.support.TestClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

// Its workers fail and tick on purpose: close the context after the class rather than keep it cached.
@DirtiesContext
@SpringBootTest(classes = { LonghaulApplication.class, WorkersIntegrationTest.TestWorkers.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "longhaul.workers.test-failing.backoff.initial=10ms",
				"longhaul.workers.test-failing.backoff.max=50ms" })
class WorkersIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	LoopWorker testIdle;

	@Autowired
	TimerWorker testTicker;

	RestTestClient admin;

	@BeforeEach
	void setUp() {
		this.admin = TestClients.as(this.port, "admin");
	}

	private EntityExchangeResult<String> get(String path) {
		return this.admin.get().uri(path).exchange().returnResult(String.class);
	}

	private EntityExchangeResult<String> post(String path) {
		return this.admin.post().uri(path).exchange().returnResult(String.class);
	}

	@Test
	void workersStartWithTheContext() {
		assertThat(this.testIdle.isRunning()).isTrue();
		await().until(() -> this.testTicker.snapshot().rounds() > 0);
	}

	@Test
	void workersEndpointListsEveryWorkerWithItsSnapshot() {
		EntityExchangeResult<String> response = get("/actuator/workers");

		assertThat(response.getStatus().value()).isEqualTo(200);
		assertThat(response.getResponseBody()).contains("\"name\":\"test-failing\"", "\"name\":\"test-idle\"",
				"\"name\":\"test-ticker\"", "\"style\":\"timer\"", "\"schedule\":\"fixed rate 50ms\"");
	}

	@Test
	void workersEndpointShowsOneWorkerAndAnswers404ForAnUnknownOne() {
		EntityExchangeResult<String> response = get("/actuator/workers/test-idle");

		assertThat(response.getStatus().value()).isEqualTo(200);
		assertThat(response.getResponseBody()).contains("\"name\":\"test-idle\"", "\"state\":\"RUNNING\"",
				"\"style\":\"loop\"");
		assertThat(get("/actuator/workers/nope").getStatus().value()).isEqualTo(404);
	}

	@Test
	void workersEndpointPausesResumesAndTriggers() {
		long rounds = this.testIdle.snapshot().rounds();

		EntityExchangeResult<String> trigger = post("/actuator/workers/test-idle/trigger");
		assertThat(trigger.getStatus().value()).isEqualTo(200);
		await().until(() -> this.testIdle.snapshot().rounds() > rounds);

		EntityExchangeResult<String> pause = post("/actuator/workers/test-idle/pause");
		assertThat(pause.getStatus().value()).isEqualTo(200);
		assertThat(pause.getResponseBody()).contains("\"state\":\"PAUSED\"",
				"\"pauseReason\":\"paused by an operator\"");

		EntityExchangeResult<String> again = post("/actuator/workers/test-idle/pause");
		assertThat(again.getStatus().value()).isEqualTo(409);
		assertThat(again.getResponseBody()).contains("\"status\":409", "Cannot pause worker 'test-idle': it is PAUSED");
		assertThat(post("/actuator/workers/test-idle/trigger").getStatus().value()).isEqualTo(409);

		EntityExchangeResult<String> resume = post("/actuator/workers/test-idle/resume");
		assertThat(resume.getStatus().value()).isEqualTo(200);
		assertThat(this.testIdle.state()).isEqualTo(WorkerState.RUNNING);
	}

	@Test
	void restApiShowsAndControlsWorkersLikeTheActuatorEndpoint() {
		EntityExchangeResult<String> all = get("/api/workers");
		assertThat(all.getStatus().value()).isEqualTo(200);
		assertThat(all.getResponseBody()).startsWith("[")
			.contains("\"name\":\"test-idle\"", "\"name\":\"test-ticker\"");
		assertThat(get("/api/workers/test-idle").getResponseBody()).contains("\"state\":\"RUNNING\"");
		EntityExchangeResult<String> unknown = post("/api/workers/nope/pause");
		assertThat(unknown.getStatus().value()).isEqualTo(404);
		assertThat(unknown.getResponseBody()).contains("No worker is named 'nope'");

		EntityExchangeResult<String> pause = post("/api/workers/test-idle/pause");
		assertThat(pause.getStatus().value()).isEqualTo(200);
		assertThat(pause.getResponseBody()).contains("\"state\":\"PAUSED\"", "\"pauseReason\":\"paused by admin\"");
		EntityExchangeResult<String> again = post("/api/workers/test-idle/pause");
		assertThat(again.getStatus().value()).isEqualTo(409);
		assertThat(again.getResponseHeaders().getFirst("Content-Type")).startsWith("application/problem+json");
		assertThat(again.getResponseBody()).contains("Cannot pause worker 'test-idle': it is PAUSED");
		assertThat(post("/api/workers/test-idle/trigger").getStatus().value()).isEqualTo(409);

		assertThat(post("/api/workers/test-idle/resume").getStatus().value()).isEqualTo(200);
		assertThat(this.testIdle.state()).isEqualTo(WorkerState.RUNNING);
		long rounds = this.testIdle.snapshot().rounds();
		assertThat(post("/api/workers/test-idle/trigger").getStatus().value()).isEqualTo(200);
		await().until(() -> this.testIdle.snapshot().rounds() > rounds);
	}

	@Test
	void workersEndpointRejectsUnknownWorkersAndActions() {
		EntityExchangeResult<String> unknownWorker = post("/actuator/workers/nope/pause");
		assertThat(unknownWorker.getStatus().value()).isEqualTo(404);
		assertThat(unknownWorker.getResponseBody()).contains("No worker is named 'nope'");

		EntityExchangeResult<String> unknownAction = post("/actuator/workers/test-idle/explode");
		assertThat(unknownAction.getStatus().value()).isEqualTo(400);
		assertThat(unknownAction.getResponseBody()).contains("not one of pause, resume, trigger");
		assertThat(this.testIdle.state()).isEqualTo(WorkerState.RUNNING);
	}

	@Test
	void healthShowsEachWorkerAndIsDownWhileOneKeepsFailing() {
		await().untilAsserted(() -> {
			EntityExchangeResult<String> health = get("/actuator/health");
			assertThat(health.getStatus().value()).isEqualTo(503);
			assertThat(health.getResponseBody()).contains("\"workers\"", "\"test-idle\":{\"details\"",
					"\"test-ticker\"", "\"test-failing\":{\"details\"",
					"\"lastError\":\"IllegalStateException: unexpected error\"", "\"status\":\"DOWN\"");
		});
		EntityExchangeResult<String> idle = get("/actuator/health/workers/test-idle");
		assertThat(idle.getStatus().value()).isEqualTo(200);
		assertThat(idle.getResponseBody()).contains("\"status\":\"UP\"");
	}

	@Test
	void livenessIgnoresFailingRoundsOfWorkersThatAreNotCritical() {
		await().until(() -> get("/actuator/health").getStatus().value() == 503);

		EntityExchangeResult<String> livez = get("/livez");

		assertThat(livez.getStatus().value()).isEqualTo(200);
		assertThat(livez.getResponseBody()).doesNotContain("test-failing\":{");
		assertThat(get("/readyz").getStatus().value()).isEqualTo(200);
	}

	@Test
	void prometheusShowsWorkerMetrics() {
		await().until(() -> this.testTicker.snapshot().rounds() > 0);

		EntityExchangeResult<String> prometheus = get("/actuator/prometheus");

		assertThat(prometheus.getStatus().value()).isEqualTo(200);
		assertThat(prometheus.getResponseBody()).contains(
				"longhaul_worker_rounds_seconds_count{outcome=\"success\",worker=\"test-ticker\"}",
				"longhaul_worker_failures_total{worker=\"test-failing\"}",
				"longhaul_worker_ticks_skipped_total{worker=\"test-ticker\"}",
				"longhaul_worker_state{state=\"running\",worker=\"test-idle\"} 1.0",
				"longhaul_worker_last_success_age_seconds{worker=\"test-ticker\"}");
	}

	/**
	 * Lite {@code @Bean} class, so component scanning in other contexts does not pick it
	 * up.
	 */
	static class TestWorkers {

		final AtomicInteger idleRounds = new AtomicInteger();

		@Bean
		LoopWorker testIdle(WorkerFactory workers) {
			return workers.loop("test-idle", WorkerSettings.loop(Duration.ofHours(1)), (stop) -> {
				this.idleRounds.incrementAndGet();
				return RoundResult.IDLE;
			});
		}

		@Bean
		LoopWorker testFailing(WorkerFactory workers) {
			return workers.loop("test-failing", WorkerSettings.loop(Duration.ofHours(1)), (stop) -> {
				throw new IllegalStateException("always");
			});
		}

		@Bean
		TimerWorker testTicker(WorkerFactory workers) {
			return workers.timer("test-ticker", WorkerSettings.timer(Schedule.fixedRate(Duration.ofMillis(50))),
					(stop) -> {
					});
		}

	}

}
