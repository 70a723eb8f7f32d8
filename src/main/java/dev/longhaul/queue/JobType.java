package dev.longhaul.queue;

/**
 * A registered job type: its handler, payload type and settings.
 *
 * @param <P> the payload type
 * @param name the type's name
 * @param handler its handler
 * @param payloadType the class its payloads are read as
 * @param settings its resolved settings
 * @param source the handler's bean name and class, for messages
 */
public record JobType<P>(String name, JobHandler<P> handler, Class<P> payloadType, JobSettings settings,
		String source) {
}
