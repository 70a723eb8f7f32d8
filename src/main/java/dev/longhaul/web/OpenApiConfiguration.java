package dev.longhaul.web;

import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description of the REST API ({@code /v3/api-docs}, browsable at
 * {@code /swagger-ui.html}), with request and response examples for the email, dataset
 * and job explorer endpoints, problem-details errors among them.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String BASIC = "basic";

	private static final Map<String, Object> PROBLEM = Map.of("type", "about:blank", "title", "Invalid request",
			"status", 400, "detail", "1 field(s) are invalid", "instance", "/api/emails", "errors",
			java.util.List.of(Map.of("field", "to[0]", "message", "must hold exactly one address, not 2")));

	@Bean
	OpenAPI longhaulOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Longhaul API")
				.version("v1")
				.description("Enqueue emails and CSV datasets; background workers deliver and profile them. Errors "
						+ "are RFC 9457 problem details (application/problem+json). Every call needs a user: HTTP "
						+ "Basic for API clients (or the browser session of the form login). Roles: viewer (every "
						+ "GET), operator (also enqueues emails and datasets), admin (everything)."))
			.components(new Components().addSecuritySchemes(BASIC,
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
			.addSecurityItem(new SecurityRequirement().addList(BASIC));
	}

	@Bean
	OpenApiCustomizer longhaulExamples() {
		return (openApi) -> {
			if (openApi.getPaths() != null) {
				openApi.getPaths().values().forEach((item) -> item.readOperations().forEach((operation) -> {
					response(operation, "401", "No or wrong credentials", "application/problem+json",
							Map.of("title", "Unauthorized", "status", 401, "detail",
									"Sign in: HTTP Basic credentials of a configured user, or the form at /login."));
					response(operation, "403", "The caller's role may not do this", "application/problem+json",
							Map.of("title", "Forbidden", "status", 403, "detail",
									"User 'ada' (viewer) may not POST /api/emails: it needs a higher role."));
				}));
			}
			Operation sendEmail = post(openApi, "/api/emails");
			if (sendEmail != null) {
				example(sendEmail.getRequestBody().getContent(), "application/json", "welcome",
						Map.of("to", java.util.List.of("Ada <ada@example.com>"), "subject", "Welcome", "text", "Hi Ada",
								"html", "<p>Hi <b>Ada</b></p>"));
				response(sendEmail, "202", "Queued", "application/json",
						Map.of("id", 1, "status", "QUEUED", "to", java.util.List.of("Ada <ada@example.com>"), "subject",
								"Welcome", "attempts", 0, "messageId", "<longhaul.1.1795625831327@longhaul.local>"));
				response(sendEmail, "400", "Invalid email", "application/problem+json", PROBLEM);
				response(sendEmail, "409", "Idempotency-Key used with another body", "application/problem+json",
						Map.of("title", "Conflict", "status", 409, "detail",
								"Idempotency key 'order-42' was already used with a different request (job 7)"));
			}
			Operation upload = post(openApi, "/api/datasets");
			if (upload != null) {
				response(upload, "202", "Stored and queued", "application/json",
						Map.of("id", 1, "name", "sales.csv", "status", "QUEUED", "sizeBytes", 1048576, "progress",
								Map.of("bytesProcessed", 0, "rowsProcessed", 0, "percent", 0.0)));
				response(upload, "413", "Over longhaul.processing.max-upload-size", "application/problem+json", Map.of(
						"title", "Content too large", "status", 413, "detail",
						"The upload is larger than the limit of 1024 MB (longhaul.processing.max-upload-size)"));
			}
			Operation retryAll = post(openApi, "/api/jobs/retry");
			if (retryAll != null) {
				response(retryAll, "200", "How many jobs changed; at most the limit per call", "application/json",
						Map.of("action", "retry", "changed", 42, "limit", 10000));
				response(retryAll, "400", "No filter, or a status the action does not apply to",
						"application/problem+json",
						Map.of("title", "Invalid request", "status", 400, "detail", "1 field(s) are invalid", "errors",
								java.util.List.of(Map.of("field", "status", "message",
										"this action applies only to jobs in status [DEAD], not [READY]"))));
			}
			Operation retry = post(openApi, "/api/jobs/{id}/retry");
			if (retry != null) {
				response(retry, "409", "The job's status does not allow it", "application/problem+json", Map.of("title",
						"Conflict", "status", 409, "detail", "Job 42 is RUNNING; only a DEAD job can be retried."));
			}
		};
	}

	private static @Nullable Operation post(OpenAPI openApi, String path) {
		PathItem item = (openApi.getPaths() != null) ? openApi.getPaths().get(path) : null;
		return (item != null) ? item.getPost() : null;
	}

	private static void response(Operation operation, String status, String description, String mediaType,
			Object value) {
		ApiResponse response = operation.getResponses().computeIfAbsent(status, (key) -> new ApiResponse());
		response.setDescription(description);
		if (response.getContent() == null) {
			response.setContent(new Content());
		}
		example(response.getContent(), mediaType, status, value);
	}

	private static void example(@Nullable Content content, String mediaType, String name, Object value) {
		if (content == null) {
			return;
		}
		content.computeIfAbsent(mediaType, (key) -> new MediaType()).addExamples(name, new Example().value(value));
	}

}
