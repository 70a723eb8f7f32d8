package dev.longhaul.queue;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.longhaul.worker.WorkerRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job type added the way the README's "Add a job type" shows: one handler class, one
 * bean, an enqueue, and {@code longhaul.jobs.thumbnail.*} in the configuration.
 */
@SpringBootTest(properties = "longhaul.jobs.thumbnail.max-attempts=2")
class AddAJobTypeTest {

	@Autowired
	JobClient jobs;

	@Autowired
	JobQueries queries;

	@Autowired
	JobTypes types;

	@Autowired
	WorkerRegistry workers;

	@Autowired
	Images images;

	@Test
	void aJobOfTheNewTypeRunsOnItsOwnWorkerAndAFailedOneEndsDeadWithItsReason() {
		long resized = this.jobs.enqueue(ThumbnailJobs.class, new Thumbnail(42, 200)).job().id();
		long missing = this.jobs.enqueue(ThumbnailJobs.class, new Thumbnail(7, 200)).job().id();

		await().until(() -> status(resized) == JobStatus.SUCCEEDED && status(missing) == JobStatus.DEAD);

		assertThat(this.images.resized).containsEntry(42L, 200);
		assertThat(this.queries.find(missing).orElseThrow().lastError()).isEqualTo("No image 7");
		assertThat(this.workers.find("thumbnail-jobs")).isPresent();
		JobSettings settings = this.types.find("thumbnail").orElseThrow().settings();
		assertThat(settings.concurrency()).isEqualTo(2);
		assertThat(settings.timeout()).isEqualTo(Duration.ofMinutes(1));
		assertThat(settings.maxAttempts()).as("from longhaul.jobs.thumbnail.max-attempts").isEqualTo(2);
	}

	private JobStatus status(long id) {
		return this.queries.find(id).orElseThrow().status();
	}

	// As in the README:

	record Thumbnail(long imageId, int width) {
	}

	static class ThumbnailJobs implements JobHandler<Thumbnail> {

		private final Images images;

		ThumbnailJobs(Images images) {
			this.images = images;
		}

		@Override
		public String type() {
			return "thumbnail";
		}

		@Override
		public JobSettings configure(JobSettings defaults) {
			return defaults.withConcurrency(2).withTimeout(Duration.ofMinutes(1));
		}

		@Override
		public JobOutcome run(JobContext<Thumbnail> job) throws IOException {
			Thumbnail thumbnail = job.payload();
			if (!this.images.exists(thumbnail.imageId())) {
				return JobOutcome.fail("No image " + thumbnail.imageId());
			}
			this.images.resize(thumbnail.imageId(), thumbnail.width());
			return JobOutcome.done();
		}

	}

	/** The images of the README's example. */
	static class Images {

		final Map<Long, Integer> resized = new ConcurrentHashMap<>();

		boolean exists(long imageId) {
			return imageId == 42;
		}

		void resize(long imageId, int width) {
			this.resized.put(imageId, width);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Thumbnails {

		@Bean
		Images images() {
			return new Images();
		}

		@Bean
		ThumbnailJobs thumbnailJobs(Images images) {
			return new ThumbnailJobs(images);
		}

	}

}
