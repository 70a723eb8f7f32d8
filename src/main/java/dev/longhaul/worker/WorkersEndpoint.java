package dev.longhaul.worker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * The {@code workers} Actuator endpoint: {@code GET /actuator/workers}, {@code GET
 * /actuator/workers/{name}} and {@code POST /actuator/workers/{name}/{action}} with
 * action {@code pause}, {@code resume} or {@code trigger}. Unknown worker: 404; unknown
 * action: 400; an action the worker's state does not allow: 409, each with a problem
 * detail body that says why.
 */
@WebEndpoint(id = "workers")
public final class WorkersEndpoint {

	private final WorkerRegistry registry;

	public WorkersEndpoint(WorkerRegistry registry) {
		this.registry = registry;
	}

	@ReadOperation
	public WorkersDescriptor workers() {
		return new WorkersDescriptor(this.registry.all().stream().map(Worker::snapshot).toList());
	}

	@ReadOperation
	public @Nullable WorkerSnapshot worker(@Selector String name) {
		return this.registry.find(name).map(Worker::snapshot).orElse(null);
	}

	@WriteOperation
	public WebEndpointResponse<Object> control(@Selector String name, @Selector String action) {
		Worker worker = this.registry.find(name).orElse(null);
		if (worker == null) {
			return problem(WebEndpointResponse.STATUS_NOT_FOUND, "Unknown worker",
					"No worker is named '" + name + "'.");
		}
		try {
			switch (action) {
				case "pause" -> worker.pause("paused by an operator");
				case "resume" -> worker.resume();
				case "trigger" -> worker.trigger();
				default -> {
					return problem(WebEndpointResponse.STATUS_BAD_REQUEST, "Unknown action",
							"Action '" + action + "' is not one of pause, resume, trigger.");
				}
			}
		}
		catch (IllegalWorkerStateException ex) {
			return problem(409, "Action not allowed in the worker's state", ex.getMessage());
		}
		return new WebEndpointResponse<>(worker.snapshot(), WebEndpointResponse.STATUS_OK);
	}

	private static WebEndpointResponse<Object> problem(int status, String title, @Nullable String detail) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		body.put("title", title);
		body.put("status", status);
		body.put("detail", detail);
		return new WebEndpointResponse<>(body, status);
	}

	/**
	 * All workers.
	 *
	 * @param workers their snapshots, sorted by name
	 */
	public record WorkersDescriptor(List<WorkerSnapshot> workers) {
	}

}
