package dev.longhaul.queue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.longhaul.queue.JobsProperties.Overrides;
import dev.longhaul.worker.WorkersProperties.BackoffSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Registering job types: one handler per type, a payload type read from the handler's
 * class, settings from the handler's defaults and {@code longhaul.jobs.<type>.*}, and a
 * clear refusal of whatever cannot run.
 */
class JobTypesTest {

	private static final QueueProperties QUEUE = QueueProperties.defaults();

	@Test
	void aHandlerRegistersItsTypeWithThePayloadTypeOfItsClassAndTheEngineDefaults() {
		JobType<?> type = registry(Map.of("thumbnails", new Thumbnails())).find("thumbnail").orElseThrow();

		assertThat(type.payloadType()).isEqualTo(Thumbnail.class);
		assertThat(type.settings()).isEqualTo(
				new JobSettings("thumbnail", "thumbnail-jobs", 1, 0, 10, QUEUE.retryBackoff(), Duration.ofMinutes(5)));
		assertThat(type.source()).isEqualTo("bean 'thumbnails' (" + Thumbnails.class.getName() + ")");
	}

	@Test
	void configurationOverridesTheHandlersDefaults() {
		Overrides config = new Overrides("images", 3, 20, 4,
				new BackoffSettings(Duration.ofSeconds(2), null, 3.0, null), Duration.ofSeconds(30));

		JobSettings settings = registry(Map.of("thumbnails", new Thumbnails()), Map.of("thumbnail", config))
			.find("thumbnail")
			.orElseThrow()
			.settings();

		assertThat(settings.queue()).isEqualTo("images");
		assertThat(settings.concurrency()).isEqualTo(3);
		assertThat(settings.prefetch()).isEqualTo(20);
		assertThat(settings.maxAttempts()).isEqualTo(4);
		assertThat(settings.retryBackoff().initial()).isEqualTo(Duration.ofSeconds(2));
		assertThat(settings.retryBackoff().max()).isEqualTo(QUEUE.retryMax());
		assertThat(settings.retryBackoff().multiplier()).isEqualTo(3.0);
		assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void twoHandlersForOneTypeAreRefusedNamingBoth() {
		Map<String, JobHandler<?>> handlers = new LinkedHashMap<>();
		handlers.put("thumbnails", new Thumbnails());
		handlers.put("otherThumbnails", new OtherThumbnails());

		assertThatExceptionOfType(InvalidJobConfigurationException.class).isThrownBy(() -> registry(handlers).all())
			.withMessageContaining("Job type 'thumbnail' has two handlers")
			.withMessageContaining("bean 'thumbnails' (" + Thumbnails.class.getName() + ")")
			.withMessageContaining("bean 'otherThumbnails' (" + OtherThumbnails.class.getName() + ")");
	}

	@Test
	void aHandlerWhosePayloadTypeCannotBeReadIsRefusedNamingIt() {
		JobHandler<Thumbnail> lambda = new LambdaLike<>();

		assertThatExceptionOfType(InvalidJobConfigurationException.class)
			.isThrownBy(() -> registry(Map.of("lambda", lambda)).all())
			.withMessageContaining("bean 'lambda'")
			.withMessageContaining("for job type 'generic' has no payload type")
			.satisfies((ex) -> assertThat(ex.action()).contains("implements JobHandler<MyPayload>"));
	}

	@Test
	void configurationOfATypeWithoutAHandlerIsRefusedAsALikelyTypo() {
		assertThatExceptionOfType(InvalidJobConfigurationException.class)
			.isThrownBy(
					() -> registry(Map.of("thumbnails", new Thumbnails()), Map.of("thumbnial", Overrides.NONE)).all())
			.withMessageContaining("[thumbnial]")
			.withMessageContaining("Job types: [thumbnail]");
	}

	@Test
	void typesSharingAQueueMustNameTheSameWorker() {
		Map<String, JobHandler<?>> handlers = new LinkedHashMap<>();
		handlers.put("thumbnails", new Thumbnails());
		handlers.put("previews", new Previews());

		assertThatExceptionOfType(InvalidJobConfigurationException.class)
			.isThrownBy(() -> registry(handlers,
					Map.of("preview", new Overrides("thumbnail", null, null, null, null, null)))
				.all())
			.withMessageContaining("share queue 'thumbnail' but name different workers");
	}

	@Test
	void settingsThatCannotRunAreRefusedNamingTheProperty() {
		assertThatExceptionOfType(InvalidJobConfigurationException.class)
			.isThrownBy(() -> registry(Map.of("thumbnails", new Thumbnails()),
					Map.of("thumbnail", new Overrides("Not A Queue", null, null, null, null, null)))
				.all())
			.withMessageContaining("Job type 'thumbnail'")
			.satisfies((ex) -> assertThat(ex.action()).contains("longhaul.jobs.thumbnail.*"));
	}

	@Test
	void theTypeOfAHandlerClassIsFoundAndAPayloadOfAnotherClassRefused() {
		JobTypes types = registry(Map.of("thumbnails", new Thumbnails()));

		assertThat(types.of(Thumbnails.class).name()).isEqualTo("thumbnail");
		assertThat(types.queues()).containsExactly("thumbnail");
	}

	private static JobTypes registry(Map<String, JobHandler<?>> handlers) {
		return registry(handlers, Map.of());
	}

	private static JobTypes registry(Map<String, JobHandler<?>> handlers, Map<String, Overrides> config) {
		return new JobTypes(() -> handlers, QUEUE, new JobsProperties(config));
	}

	record Thumbnail(long imageId, int width) {
	}

	static class Thumbnails implements JobHandler<Thumbnail> {

		@Override
		public String type() {
			return "thumbnail";
		}

		@Override
		public JobOutcome run(JobContext<Thumbnail> job) {
			return JobOutcome.done();
		}

	}

	static final class OtherThumbnails extends Thumbnails {

	}

	static final class Previews implements JobHandler<Thumbnail> {

		@Override
		public String type() {
			return "preview";
		}

		@Override
		public JobOutcome run(JobContext<Thumbnail> job) {
			return JobOutcome.done();
		}

	}

	/** Like a lambda, its class does not say what {@code P} is. */
	static final class LambdaLike<P> implements JobHandler<P> {

		@Override
		public String type() {
			return "generic";
		}

		@Override
		public JobOutcome run(JobContext<P> job) {
			return JobOutcome.done();
		}

	}

}
