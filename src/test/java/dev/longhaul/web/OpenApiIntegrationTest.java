package dev.longhaul.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import dev.longhaul.support.TestClients;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void apiDescriptionListsTheEndpointsWithExamplesIncludingAProblemDetail() {
		EntityExchangeResult<String> docs = TestClients.as(this.port, "admin")
			.get()
			.uri("/v3/api-docs")
			.exchange()
			.returnResult(String.class);

		assertThat(docs.getStatus().value()).isEqualTo(200);
		assertThat(docs.getResponseBody()).contains("\"title\":\"Longhaul API\"", "\"/api/emails\"",
				"\"/api/emails/batch\"", "\"/api/datasets\"", "\"/api/datasets/{id}/report\"", "\"/api/cluster\"",
				"\"/api/jobs\"", "\"/api/jobs/{id}/retry\"", "only a DEAD job can be retried", "\"welcome\"",
				"application/problem+json", "must hold exactly one address, not 2", "Content too large",
				"\"securitySchemes\":{\"basic\":{\"type\":\"http\",\"scheme\":\"basic\"}}",
				"\"security\":[{\"basic\":[]}]", "it needs a higher role", "\"/api/workers/{name}/pause\"");
	}

	@Test
	void browsableUiIsServedFromTheJar() {
		TestClients.as(this.port, "admin")
			.get()
			.uri("/swagger-ui/index.html")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("swagger-ui"));
	}

}
