package dev.longhaul.web;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.longhaul.support.TestClients;

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

	RestTestClient anonymous;

	RestTestClient viewer;

	RestTestClient operator;

	RestTestClient admin;

	@BeforeEach
	void setUp() {
		this.anonymous = TestClients.as(this.port, null);
		this.viewer = TestClients.as(this.port, "viewer");
		this.operator = TestClients.as(this.port, "operator");
		this.admin = TestClients.as(this.port, "admin");
	}

	@Test
	void workerControlUnderAnotherBasePathNeedsAnAdmin() {
		this.anonymous.post().uri("/mgmt/workers/email-sender/pause").exchange().expectStatus().isUnauthorized();
		this.viewer.post().uri("/mgmt/workers/email-sender/pause").exchange().expectStatus().isForbidden();
		this.operator.post().uri("/mgmt/workers/email-sender/pause").exchange().expectStatus().isForbidden();
		this.viewer.get().uri("/mgmt/workers").exchange().expectStatus().isForbidden();
		this.viewer.get().uri("/mgmt/prometheus").exchange().expectStatus().isOk();
		this.anonymous.get().uri("/mgmt/prometheus").exchange().expectStatus().isUnauthorized();
		this.viewer.get().uri("/mgmt").exchange().expectStatus().isForbidden();
		this.admin.get().uri("/mgmt/workers").exchange().expectStatus().isOk();
		this.admin.post().uri("/mgmt/workers/no-such-worker/pause").exchange().expectStatus().isNotFound();
	}

	@Test
	void healthInfoAndProbesStayPublicUnderAnotherBasePath() {
		this.anonymous.get().uri("/mgmt/health").exchange().expectStatus().isOk();
		this.anonymous.get().uri("/mgmt/health/liveness").exchange().expectStatus().isOk();
		this.anonymous.get().uri("/mgmt/info").exchange().expectStatus().isOk();
		this.anonymous.get().uri("/livez").exchange().expectStatus().isOk();
		this.anonymous.get().uri("/readyz").exchange().expectStatus().isOk();
	}

}
