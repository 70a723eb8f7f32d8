package dev.longhaul.worker;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

import dev.longhaul.LonghaulApplication;
import dev.longhaul.support.Http;

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

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
	}

	@Test
	void workersStartWithTheContext() {
		assertThat(this.testIdle.isRunning()).isTrue();
		await().until(() -> this.testTicker.snapshot().rounds() > 0);
	}

	@Test
	void workersEndpointListsEveryWorkerWithItsSnapshot() {
		HttpResponse<String> response = this.http.get("/actuator/workers");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"name\":\"test-failing\"", "\"name\":\"test-idle\"",
				"\"name\":\"test-ticker\"", "\"style\":\"timer\"", "\"schedule\":\"fixed rate 50ms\"");
	}

	@Test
	void workersEndpointShowsOneWorkerAndAnswers404ForAnUnknownOne() {
		HttpResponse<String> response = this.http.get("/actuator/workers/test-idle");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"name\":\"test-idle\"", "\"state\":\"RUNNING\"", "\"style\":\"loop\"");
		assertThat(this.http.get("/actuator/workers/nope").statusCode()).isEqualTo(404);
	}

	@Test
	void workersEndpointPausesResumesAndTriggers() {
		long rounds = this.testIdle.snapshot().rounds();

		HttpResponse<String> trigger = this.http.post("/actuator/workers/test-idle/trigger");
		assertThat(trigger.statusCode()).isEqualTo(200);
		await().until(() -> this.testIdle.snapshot().rounds() > rounds);

		HttpResponse<String> pause = this.http.post("/actuator/workers/test-idle/pause");
		assertThat(pause.statusCode()).isEqualTo(200);
		assertThat(pause.body()).contains("\"state\":\"PAUSED\"", "\"pauseReason\":\"paused by an operator\"");

		HttpResponse<String> again = this.http.post("/actuator/workers/test-idle/pause");
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.body()).contains("\"status\":409", "Cannot pause worker 'test-idle': it is PAUSED");
		assertThat(this.http.post("/actuator/workers/test-idle/trigger").statusCode()).isEqualTo(409);

		HttpResponse<String> resume = this.http.post("/actuator/workers/test-idle/resume");
		assertThat(resume.statusCode()).isEqualTo(200);
		assertThat(this.testIdle.state()).isEqualTo(WorkerState.RUNNING);
	}

	@Test
	void restApiShowsAndControlsWorkersLikeTheActuatorEndpoint() {
		HttpResponse<String> all = this.http.get("/api/workers");
		assertThat(all.statusCode()).isEqualTo(200);
		assertThat(all.body()).startsWith("[").contains("\"name\":\"test-idle\"", "\"name\":\"test-ticker\"");
		assertThat(this.http.get("/api/workers/test-idle").body()).contains("\"state\":\"RUNNING\"");
		HttpResponse<String> unknown = this.http.post("/api/workers/nope/pause");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).contains("No worker is named 'nope'");

		HttpResponse<String> pause = this.http.post("/api/workers/test-idle/pause");
		assertThat(pause.statusCode()).isEqualTo(200);
		assertThat(pause.body()).contains("\"state\":\"PAUSED\"", "\"pauseReason\":\"paused by admin\"");
		HttpResponse<String> again = this.http.post("/api/workers/test-idle/pause");
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(again.body()).contains("Cannot pause worker 'test-idle': it is PAUSED");
		assertThat(this.http.post("/api/workers/test-idle/trigger").statusCode()).isEqualTo(409);

		assertThat(this.http.post("/api/workers/test-idle/resume").statusCode()).isEqualTo(200);
		assertThat(this.testIdle.state()).isEqualTo(WorkerState.RUNNING);
		long rounds = this.testIdle.snapshot().rounds();
		assertThat(this.http.post("/api/workers/test-idle/trigger").statusCode()).isEqualTo(200);
		await().until(() -> this.testIdle.snapshot().rounds() > rounds);
	}

	@Test
	void workersEndpointRejectsUnknownWorkersAndActions() {
		HttpResponse<String> unknownWorker = this.http.post("/actuator/workers/nope/pause");
		assertThat(unknownWorker.statusCode()).isEqualTo(404);
		assertThat(unknownWorker.body()).contains("No worker is named 'nope'");

		HttpResponse<String> unknownAction = this.http.post("/actuator/workers/test-idle/explode");
		assertThat(unknownAction.statusCode()).isEqualTo(400);
		assertThat(unknownAction.body()).contains("not one of pause, resume, trigger");
		assertThat(this.testIdle.state()).isEqualTo(WorkerState.RUNNING);
	}

	@Test
	void healthShowsEachWorkerAndIsDownWhileOneKeepsFailing() {
		await().untilAsserted(() -> {
			HttpResponse<String> health = this.http.get("/actuator/health");
			assertThat(health.statusCode()).isEqualTo(503);
			assertThat(health.body()).contains("\"workers\"", "\"test-idle\":{\"details\"", "\"test-ticker\"",
					"\"test-failing\":{\"details\"", "\"lastError\":\"IllegalStateException: unexpected error\"",
					"\"status\":\"DOWN\"");
		});
		HttpResponse<String> idle = this.http.get("/actuator/health/workers/test-idle");
		assertThat(idle.statusCode()).isEqualTo(200);
		assertThat(idle.body()).contains("\"status\":\"UP\"");
	}

	@Test
	void livenessIgnoresFailingRoundsOfWorkersThatAreNotCritical() {
		await().until(() -> this.http.get("/actuator/health").statusCode() == 503);

		HttpResponse<String> livez = this.http.get("/livez");

		assertThat(livez.statusCode()).isEqualTo(200);
		assertThat(livez.body()).doesNotContain("test-failing\":{");
		assertThat(this.http.get("/readyz").statusCode()).isEqualTo(200);
	}

	@Test
	void prometheusShowsWorkerMetrics() {
		await().until(() -> this.testTicker.snapshot().rounds() > 0);

		HttpResponse<String> prometheus = this.http.get("/actuator/prometheus");

		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body()).contains(
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
