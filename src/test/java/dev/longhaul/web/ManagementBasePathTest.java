package dev.longhaul.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import dev.longhaul.support.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Actuator rules follow the endpoint, not the path: under another
 * {@code management.endpoints.web.base-path}, health and info stay public and everything
 * else, worker control included, still needs an admin.
 */
// A context of its own: close it after the class rather than keep its workers running.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.base-path=/mgmt")
class ManagementBasePathTest {

	@LocalServerPort
	int port;

	@Test
	void workerControlUnderAnotherBasePathNeedsAnAdmin() {
		assertThat(Http.as(this.port, null).post("/mgmt/workers/email-sender/pause").statusCode()).isEqualTo(401);
		assertThat(Http.as(this.port, "viewer").post("/mgmt/workers/email-sender/pause").statusCode()).isEqualTo(403);
		assertThat(Http.as(this.port, "operator").post("/mgmt/workers/email-sender/pause").statusCode()).isEqualTo(403);
		assertThat(Http.as(this.port, "viewer").get("/mgmt/workers").statusCode()).isEqualTo(403);
		assertThat(Http.as(this.port, "viewer").get("/mgmt/prometheus").statusCode()).isEqualTo(200);
		assertThat(Http.as(this.port, null).get("/mgmt/prometheus").statusCode()).isEqualTo(401);
		assertThat(Http.as(this.port, "viewer").get("/mgmt").statusCode()).isEqualTo(403);
		assertThat(Http.as(this.port, "admin").get("/mgmt/workers").statusCode()).isEqualTo(200);
		assertThat(Http.as(this.port, "admin").post("/mgmt/workers/no-such-worker/pause").statusCode()).isEqualTo(404);
	}

	@Test
	void healthInfoAndProbesStayPublicUnderAnotherBasePath() {
		assertThat(Http.as(this.port, null).get("/mgmt/health").statusCode()).isEqualTo(200);
		assertThat(Http.as(this.port, null).get("/mgmt/health/liveness").statusCode()).isEqualTo(200);
		assertThat(Http.as(this.port, null).get("/mgmt/info").statusCode()).isEqualTo(200);
		assertThat(Http.as(this.port, null).get("/livez").statusCode()).isEqualTo(200);
		assertThat(Http.as(this.port, null).get("/readyz").statusCode()).isEqualTo(200);
	}

}
