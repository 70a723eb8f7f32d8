package dev.longhaul.processing.profile;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The profile of a CSV dataset.
 *
 * @param rows the data rows, malformed ones included (the header and blank lines are not
 * rows)
 * @param malformedRows the rows left out of the column profiles: a wrong number of
 * fields, or a quote still open at the end of the file
 * @param errors the first {@value CsvProfiler#MAX_ERRORS} malformed rows, in file order
 * @param columns one profile per header column, in header order
 */
public record DatasetReport(long rows, long malformedRows, List<RowError> errors, List<ColumnReport> columns) {

	/** The error of the distinct counts of reports stored before they stated it. */
	private static final double LEGACY_DISTINCT_ERROR = 1.04 / Math.sqrt(1 << HyperLogLog.LEGACY_PRECISION);

	/**
	 * A stored report as JSON that states the error bound of its distinct counts: as it
	 * is, or, if it was stored before reports stated it, with each column's
	 * {@code distinctExact} and {@code distinctError} added after its {@code distinct}:
	 * exact for a column without values, else the 1.6% of the HyperLogLog of 4096
	 * registers that counted them.
	 * @param json the mapper
	 * @param stored the report as stored
	 * @return the report as JSON
	 */
	public static String withDistinctError(JsonMapper json, String stored) {
		// only ever a key: in a string, a quote before a colon is escaped
		if (stored.contains("\"distinctExact\":")) {
			return stored;
		}
		JsonNode report = json.readTree(stored);
		if (!(report.path("columns") instanceof ArrayNode columns)) {
			return stored;
		}
		for (int i = 0; i < columns.size(); i++) {
			if (columns.get(i) instanceof ObjectNode column) {
				ObjectNode upgraded = json.createObjectNode();
				for (Map.Entry<String, JsonNode> property : column.properties()) {
					upgraded.set(property.getKey(), property.getValue());
					if (property.getKey().equals("distinct")) {
						boolean exact = column.path("count").asLong(0) == 0;
						upgraded.put("distinctExact", exact);
						upgraded.put("distinctError", exact ? 0 : LEGACY_DISTINCT_ERROR);
					}
				}
				columns.set(i, upgraded);
			}
		}
		return json.writeValueAsString(report);
	}

}
