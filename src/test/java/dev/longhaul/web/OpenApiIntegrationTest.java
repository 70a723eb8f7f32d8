package dev.longhaul.web;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.longhaul.support.Http;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void apiDescriptionListsTheEndpointsWithExamplesIncludingAProblemDetail() {
		HttpResponse<String> docs = new Http(this.port).get("/v3/api-docs");

		assertThat(docs.statusCode()).isEqualTo(200);
		assertThat(docs.body()).contains("\"title\":\"Longhaul API\"", "\"/api/emails\"", "\"/api/emails/batch\"",
				"\"/api/datasets\"", "\"/api/datasets/{id}/report\"", "\"/api/cluster\"", "\"/api/jobs\"",
				"\"/api/jobs/{id}/retry\"", "only a DEAD job can be retried", "\"welcome\"", "application/problem+json",
				"must hold exactly one address, not 2", "Content too large",
				"\"securitySchemes\":{\"basic\":{\"type\":\"http\",\"scheme\":\"basic\"}}",
				"\"security\":[{\"basic\":[]}]", "it needs a higher role", "\"/api/workers/{name}/pause\"");
	}

	@Test
	void browsableUiIsServedFromTheJar() {
		HttpResponse<String> ui = new Http(this.port).get("/swagger-ui/index.html");

		assertThat(ui.statusCode()).isEqualTo(200);
		assertThat(ui.body()).contains("swagger-ui");
	}

}
