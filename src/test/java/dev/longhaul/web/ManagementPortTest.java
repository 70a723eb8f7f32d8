package dev.longhaul.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import dev.longhaul.support.Http;

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
		assertThat(Http.as(this.managementPort, null).get("/actuator/prometheus").statusCode()).isEqualTo(401);
		assertThat(Http.as(this.managementPort, "viewer").get("/actuator/prometheus").statusCode()).isEqualTo(200);
		assertThat(Http.as(this.managementPort, "viewer").get("/actuator/workers").statusCode()).isEqualTo(403);
		assertThat(Http.as(this.managementPort, "admin").get("/actuator/workers").statusCode()).isEqualTo(200);
		assertThat(Http.as(this.managementPort, "viewer").post("/actuator/workers/email-sender/pause").statusCode())
			.isEqualTo(403);
		assertThat(Http.as(this.managementPort, null).get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(Http.as(this.managementPort, null).get("/actuator/info").statusCode()).isEqualTo(200);
	}

	@Test
	void probesStayOnTheMainPortAndTheActuatorLeavesIt() {
		assertThat(Http.as(this.port, null).get("/livez").statusCode()).isEqualTo(200);
		assertThat(Http.as(this.port, null).get("/readyz").statusCode()).isEqualTo(200);
		assertThat(Http.as(this.port, "admin").get("/actuator/prometheus").statusCode()).isEqualTo(404);
	}

}
