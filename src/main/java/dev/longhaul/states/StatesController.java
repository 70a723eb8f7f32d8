package dev.longhaul.states;

import java.util.EnumSet;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.longhaul.email.EmailStatus;
import dev.longhaul.processing.DatasetStatus;
import dev.longhaul.queue.JobStatus;
import dev.longhaul.worker.WorkerState;

/**
 * {@code GET /api/states}, for every viewer: the states of jobs, workers, emails and
 * datasets, and the actions the API takes in each, so that the dashboard builds its
 * status filter and columns and shows its buttons from the server's word instead of a
 * copy of the Java enums. The states are the enums'; the actions are the rules each
 * feature's API enforces (with a 409 in the other states), which {@code StatesApiTest}
 * checks against the API itself.
 */
@RestController
class StatesController {

	static final States STATES = new States(
			Lifecycle.of(JobStatus.class, JobStatus.DEAD, JobStatus.ENDED)
				.allowing("retry", EnumSet.of(JobStatus.DEAD))
				.allowing("cancel", EnumSet.of(JobStatus.READY))
				.allowing("delete", JobStatus.ENDED),
			Lifecycle.of(WorkerState.class, WorkerState.FAILED, EnumSet.of(WorkerState.STOPPED, WorkerState.FAILED))
				.allowing("pause", EnumSet.of(WorkerState.RUNNING))
				.allowing("resume", EnumSet.of(WorkerState.PAUSED))
				.allowing("trigger", EnumSet.of(WorkerState.RUNNING)),
			Lifecycle
				.of(EmailStatus.class, EmailStatus.FAILED,
						EnumSet.of(EmailStatus.SENT, EmailStatus.FAILED, EmailStatus.CANCELLED))
				.allowing("retry", EnumSet.of(EmailStatus.FAILED))
				.allowing("cancel", EnumSet.of(EmailStatus.QUEUED, EmailStatus.RETRYING)),
			// A queued dataset may be deleted (it is cancelled first); a running one not.
			Lifecycle
				.of(DatasetStatus.class, DatasetStatus.FAILED,
						EnumSet.of(DatasetStatus.SUCCEEDED, DatasetStatus.FAILED, DatasetStatus.CANCELLED))
				.allowing("cancel", EnumSet.of(DatasetStatus.QUEUED, DatasetStatus.RUNNING))
				.allowing("delete", EnumSet.complementOf(EnumSet.of(DatasetStatus.RUNNING))));

	@GetMapping("/api/states")
	States states() {
		return STATES;
	}

	/**
	 * The life of each kind of thing the API shows.
	 *
	 * @param jobs jobs of every queue and type ({@code /api/jobs})
	 * @param workers workers ({@code /api/workers})
	 * @param emails emails ({@code /api/emails})
	 * @param datasets datasets ({@code /api/datasets})
	 */
	record States(Lifecycle<JobStatus> jobs, Lifecycle<WorkerState> workers, Lifecycle<EmailStatus> emails,
			Lifecycle<DatasetStatus> datasets) {
	}

}
