package dev.longhaul.processing.profile;

/**
 * A malformed row: where it starts and what is wrong with it.
 *
 * @param line the 1-based line on which the row starts
 * @param message what is wrong, such as {@code expected 3 fields, found 4}
 */
public record RowError(long line, String message) {
}
