package dev.longhaul.web;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.longhaul.config.InstanceId;
import dev.longhaul.support.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What anonymous callers learn: {@code /actuator/info} says what a probe needs, the name
 * and version, not the host or the process; viewers see the instance at
 * {@code /api/cluster}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PublicInfoTest {

	@LocalServerPort
	int port;

	@Autowired
	InstanceId instance;

	@Test
	void anonymousInfoNamesTheApplicationAndItsVersionButNotTheHostOrProcess() {
		HttpResponse<String> info = Http.as(this.port, null).get("/actuator/info");

		assertThat(info.statusCode()).isEqualTo(200);
		assertThat(info.body()).contains("\"name\":\"Longhaul\"", "\"version\":\"")
			.doesNotContain("@project.version@", this.instance.value(), "\"instance\"",
					String.valueOf(ProcessHandle.current().pid()));
		assertThat(Http.as(this.port, "viewer").get("/api/cluster").body()).contains(this.instance.value());
	}

}
