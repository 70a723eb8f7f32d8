package dev.longhaul.processing.profile;

/**
 * One of the most frequent values of a text column.
 *
 * @param value the value, cut to {@value FrequentItems#MAX_VALUE_LENGTH} characters
 * @param count how often it occurs: exact when {@code error} is 0, otherwise an upper
 * bound
 * @param error by how much {@code count} may exceed the true count
 */
public record TopValue(String value, long count, long error) {
}
