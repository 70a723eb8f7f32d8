package dev.longhaul.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.longhaul.support.TestClients;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code management.server.port} set, the Actuator moves to its own port under the
 * same rules (health and info public, everything else for admins), and the probes
 * {@code /livez} and {@code /readyz} stay on the main port where the load balancer looks.
 */
// A context of its own: close it after the class rather than keep its workers running.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class ManagementPortTest {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void actuatorOnItsOwnPortKeepsTheSameAccessRules() {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		RestTestClient anonymous = TestClients.as(this.managementPort, null);
		RestTestClient viewer = TestClients.as(this.managementPort, "viewer");
		RestTestClient admin = TestClients.as(this.managementPort, "admin");

		anonymous.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
		viewer.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
		viewer.get().uri("/actuator/workers").exchange().expectStatus().isForbidden();
		admin.get().uri("/actuator/workers").exchange().expectStatus().isOk();
		viewer.post().uri("/actuator/workers/email-sender/pause").exchange().expectStatus().isForbidden();
		anonymous.get().uri("/actuator/health").exchange().expectStatus().isOk();
		anonymous.get().uri("/actuator/info").exchange().expectStatus().isOk();
	}

	@Test
	void probesStayOnTheMainPortAndTheActuatorLeavesIt() {
		RestTestClient anonymous = TestClients.as(this.port, null);

		anonymous.get().uri("/livez").exchange().expectStatus().isOk();
		anonymous.get().uri("/readyz").exchange().expectStatus().isOk();
		TestClients.as(this.port, "admin").get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
	}

}
