package dev.longhaul.web;

import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import dev.longhaul.config.InstanceId;
import dev.longhaul.support.BuildOutput;
import dev.longhaul.support.TestClients;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What anonymous callers learn: {@code /actuator/info} says what a probe needs, the name
 * and version, not the host or the process, nor when and from which commit the build was
 * made; viewers see the build and its commit there, and the instance at
 * {@code /api/cluster}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PublicInfoTest {

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	InstanceId instance;

	@Test
	void anonymousInfoNamesTheApplicationAndItsVersionButNotTheHostOrProcess() {
		EntityExchangeResult<String> info = get(null, "/actuator/info");

		assertThat(info.getStatus().value()).isEqualTo(200);
		assertThat(info.getResponseBody()).contains("\"name\":\"Longhaul\"", "\"version\":\"")
			.doesNotContain("@project.version@", this.instance.value(), "\"instance\"",
					String.valueOf(ProcessHandle.current().pid()));
		assertThat(get("viewer", "/api/cluster").getResponseBody()).contains(this.instance.value());
	}

	@Test
	void anonymousInfoIsOnlyTheApplicationsNameAndVersionNotTheBuildOrCommit() {
		JsonNode info = this.json.readTree(get(null, "/actuator/info").getResponseBody());

		assertThat(info.propertyNames()).containsExactly("app");
		assertThat(info.get("app").propertyNames()).containsExactlyInAnyOrder("name", "version");
		assertThat(info.get("app").get("version").asString()).isEqualTo(buildInfo().getProperty("build.version"));
	}

	@Test
	void viewersSeeTheBuildsVersionAndTimeAndItsCommit() {
		Properties build = buildInfo();
		// A build without .git (a source tarball) writes git.properties empty.
		Optional<Properties> git = BuildOutput.properties("git.properties")
			.filter((properties) -> properties.containsKey("git.commit.id"));

		EntityExchangeResult<String> response = get("viewer", "/actuator/info");

		assertThat(response.getStatus().value()).isEqualTo(200);
		JsonNode info = this.json.readTree(response.getResponseBody());
		assertThat(info.get("app").get("name").asString()).isEqualTo("Longhaul");
		assertThat(info.get("build").get("version").asString()).isEqualTo(build.getProperty("build.version"));
		assertThat(Instant.parse(info.get("build").get("time").asString()))
			.isEqualTo(Instant.parse(build.getProperty("build.time")));
		if (git.isPresent()) {
			assertThat(info.get("git").get("commit").get("id").asString())
				.isEqualTo(git.get().getProperty("git.commit.id.abbrev"));
		}
		else {
			assertThat(info.has("git")).isFalse();
		}
		assertThat(response.getResponseBody()).doesNotContain(this.instance.value(),
				String.valueOf(ProcessHandle.current().pid()));
	}

	private EntityExchangeResult<String> get(@Nullable String user, String path) {
		return TestClients.as(this.port, user).get().uri(path).exchange().returnResult(String.class);
	}

	private static Properties buildInfo() {
		return BuildOutput.properties("META-INF/build-info.properties")
			.orElseThrow(
					() -> new AssertionError("No META-INF/build-info.properties: the build-info goal did not run"));
	}

}
