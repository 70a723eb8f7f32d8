package dev.longhaul.cluster;

import org.jspecify.annotations.Nullable;

/**
 * This instance's recent throughput as it publishes it with each heartbeat (into its
 * {@code instances.throughput}), so that any instance can chart the whole cluster's. The
 * text's format belongs to the source (the job engine's counts); the cluster only stores
 * it and hands the live instances' texts back ({@link ClusterMembership#throughputs()}).
 */
@FunctionalInterface
public interface ThroughputSource {

	/** The longest text the column holds; a longer one is not published. */
	int MAX_LENGTH = 4000;

	/** A source that publishes nothing. */
	ThroughputSource NONE = () -> null;

	/**
	 * The text to publish now. Called on the heartbeat's thread: it must be quick and
	 * must not touch the database.
	 * @return the text, at most {@link #MAX_LENGTH} characters, or {@code null} for none
	 */
	@Nullable String recent();

}
