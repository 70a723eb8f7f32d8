package dev.longhaul.processing.profile;

/**
 * A counter of the frequent-items sketch, as saved in a checkpoint.
 *
 * @param value the value counted
 * @param count its estimated count, never below the true one
 * @param error how much of the count may belong to values it replaced
 */
record FrequentItem(String value, long count, long error) {
}
