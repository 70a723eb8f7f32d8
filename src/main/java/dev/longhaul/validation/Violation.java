package dev.longhaul.validation;

/**
 * One reason a request was refused.
 *
 * @param field the offending field, such as {@code to[2]}
 * @param message what is wrong with it
 */
public record Violation(String field, String message) {
}
