package dev.longhaul.processing;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a dataset job stores in its job's {@code progress} column after each chunk: how
 * far it got, and the profiler's checkpoint to resume from.
 *
 * @param offset bytes of the file processed
 * @param rows rows processed
 * @param bytesPerSecond the rate of the last chunk
 * @param checkpoint the profiler's checkpoint, as JSON
 */
// The counts come first, so that a list reads them from the head of the stored JSON.
@JsonPropertyOrder({ "offset", "rows", "bytesPerSecond", "checkpoint" })
record DatasetProgress(long offset, long rows, @Nullable Double bytesPerSecond, String checkpoint) {

	/** How much of the stored JSON holds the counts, whatever their values. */
	static final int HEAD_LENGTH = 200;

	/**
	 * The counts at the head of a progress stored as JSON, read without the checkpoint
	 * that follows them.
	 * @param json the mapper
	 * @param head the first {@value #HEAD_LENGTH} characters (or more) of the JSON
	 * @return the counts, or {@code null} if the head does not hold them all before the
	 * checkpoint (a progress stored by an older version, in another order)
	 */
	static @Nullable Counts counts(JsonMapper json, String head) {
		Long offset = null;
		Long rows = null;
		Double bytesPerSecond = null;
		try (JsonParser parser = json.createParser(head)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				if ("checkpoint".equals(name)) {
					break;
				}
				JsonToken value = parser.nextToken();
				switch (name) {
					case "offset" -> offset = parser.getLongValue();
					case "rows" -> rows = parser.getLongValue();
					case "bytesPerSecond" ->
						bytesPerSecond = (value == JsonToken.VALUE_NULL) ? null : parser.getDoubleValue();
					default -> parser.skipChildren();
				}
			}
		}
		catch (JacksonException ex) {
			// cut short or not this JSON: the caller reads the whole progress
			return null;
		}
		return (offset != null && rows != null) ? new Counts(offset, rows, bytesPerSecond) : null;
	}

	/**
	 * How far a dataset job got.
	 *
	 * @param offset bytes of the file processed
	 * @param rows rows processed
	 * @param bytesPerSecond the rate of the last chunk
	 */
	record Counts(long offset, long rows, @Nullable Double bytesPerSecond) {
	}

}
