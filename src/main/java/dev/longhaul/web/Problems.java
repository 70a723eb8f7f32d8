package dev.longhaul.web;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import dev.longhaul.validation.Violation;

/**
 * The RFC 9457 problem details of the API's client errors, built in one place: a
 * feature's controller answers its feature's exceptions with them, exactly as
 * {@link ApiExceptionHandler} answers the web layer's own.
 */
public final class Problems {

	private Problems() {
	}

	/**
	 * 400: a request that breaks rules, with the list of them as {@code errors}.
	 * @param violations what is wrong, one or more
	 * @return the problem
	 */
	public static ProblemDetail invalid(List<Violation> violations) {
		ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "Invalid request",
				violations.size() + " field(s) are invalid");
		problem.setProperty("errors", violations);
		return problem;
	}

	/**
	 * 404: a resource that does not exist.
	 * @param detail which one
	 * @return the problem
	 */
	public static ProblemDetail notFound(@Nullable String detail) {
		return of(HttpStatus.NOT_FOUND, "Not found", detail);
	}

	/**
	 * 409: a request that does not fit the resource's current state.
	 * @param detail why
	 * @return the problem
	 */
	public static ProblemDetail conflict(@Nullable String detail) {
		return of(HttpStatus.CONFLICT, "Conflict", detail);
	}

	/**
	 * 413: a request body over its limit.
	 * @param detail which limit
	 * @return the problem
	 */
	public static ProblemDetail contentTooLarge(@Nullable String detail) {
		return of(HttpStatus.CONTENT_TOO_LARGE, "Content too large", detail);
	}

	static ProblemDetail of(HttpStatus status, String title, @Nullable String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

}
