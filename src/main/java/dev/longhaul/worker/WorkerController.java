package dev.longhaul.worker;

import java.security.Principal;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.longhaul.web.ConflictException;
import dev.longhaul.web.NotFoundException;

/**
 * The workers in the REST API, for the dashboard and for callers without Actuator access:
 * every viewer may read them; pause, resume and trigger are for admins (the same actions
 * as the {@code workers} Actuator endpoint). Unknown worker: 404; an action the worker's
 * state does not allow: 409.
 */
@RestController
@RequestMapping("/api/workers")
class WorkerController {

	private final WorkerRegistry registry;

	WorkerController(WorkerRegistry registry) {
		this.registry = registry;
	}

	@GetMapping
	List<WorkerSnapshot> workers() {
		return this.registry.all().stream().map(Worker::snapshot).toList();
	}

	@GetMapping("/{name}")
	WorkerSnapshot worker(@PathVariable String name) {
		return find(name).snapshot();
	}

	/** Pauses the worker after its current round; the reason names who paused it. */
	@PostMapping("/{name}/pause")
	WorkerSnapshot pause(@PathVariable String name, @Nullable Principal principal) {
		String by = (principal != null) ? principal.getName() : "an operator";
		return act(name, (worker) -> worker.pause("paused by " + by));
	}

	@PostMapping("/{name}/resume")
	WorkerSnapshot resume(@PathVariable String name) {
		return act(name, Worker::resume);
	}

	/** Runs a round now, cutting any wait short. */
	@PostMapping("/{name}/trigger")
	WorkerSnapshot trigger(@PathVariable String name) {
		return act(name, Worker::trigger);
	}

	private WorkerSnapshot act(String name, Consumer<Worker> action) {
		Worker worker = find(name);
		try {
			action.accept(worker);
		}
		catch (IllegalWorkerStateException ex) {
			throw new ConflictException(ex.getMessage());
		}
		return worker.snapshot();
	}

	private Worker find(String name) {
		return this.registry.find(name).orElseThrow(() -> new NotFoundException("No worker is named '" + name + "'."));
	}

}
