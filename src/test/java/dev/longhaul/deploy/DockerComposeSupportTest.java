package dev.longhaul.deploy;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static dev.longhaul.deploy.DeployFiles.at;
import static dev.longhaul.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's Docker Compose support is an option for a developer's run on PostgreSQL
 * ({@code -Dspring-boot.run.profiles=compose}), never needed otherwise: off in
 * application.properties, so neither {@code ./mvnw spring-boot:run} nor the tests look
 * for Docker; on in the {@code compose} profile for a file that holds PostgreSQL alone,
 * never the whole stack of compose.yaml; an optional dependency.
 */
class DockerComposeSupportTest {

	@Test
	void offUnlessTheComposeProfileAsksForItAndThenOnlyForPostgres() {
		Properties defaults = DeployFiles.applicationProperties();
		Properties compose = DeployFiles.applicationProperties("compose");
		String file = compose.getProperty("spring.docker.compose.file");

		assertThat(defaults.getProperty("spring.docker.compose.enabled")).isEqualTo("false");
		assertThat(defaults.getProperty("spring.profiles.group.compose")).isEqualTo("postgres");
		assertThat(compose.getProperty("spring.docker.compose.enabled")).isEqualTo("true");
		assertThat(file).isNotEqualTo("compose.yaml");
		assertThat(map(DeployFiles.yaml(file).get("services"))).containsOnlyKeys("postgres");
		assertThat(String.valueOf(at(DeployFiles.yaml(file), "services", "postgres", "image"))).startsWith("postgres:");
		assertThat(DeployFiles.text("pom.xml"))
			.containsPattern("<artifactId>spring-boot-docker-compose</artifactId>\\s*<optional>true</optional>");
	}

}
