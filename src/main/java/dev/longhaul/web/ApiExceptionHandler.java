package dev.longhaul.web;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every client error with an RFC 9457 problem detail: Spring MVC's own exceptions
 * (through {@link ResponseEntityExceptionHandler}) and the web layer's
 * {@link InvalidRequestException}, {@link NotFoundException} and
 * {@link ConflictException}, which controllers throw for a request they refuse
 * themselves. A feature's own exceptions are answered by its controller, with the same
 * {@link Problems}.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	@ExceptionHandler
	ProblemDetail invalid(InvalidRequestException ex) {
		return Problems.invalid(ex.violations());
	}

	@ExceptionHandler
	ProblemDetail notFound(NotFoundException ex) {
		return Problems.notFound(ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail conflict(ConflictException ex) {
		return Problems.conflict(ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		Class<?> type = ex.getRequiredType();
		String expected = (type != null && type.isEnum()) ? "one of " + Arrays.toString(type.getEnumConstants())
				: "a " + ((type != null) ? type.getSimpleName() : "value of another type");
		return Problems.of(HttpStatus.BAD_REQUEST, "Invalid request",
				"Parameter '" + ex.getName() + "' must be " + expected + ", not '" + ex.getValue() + "'");
	}

	/**
	 * Malformed JSON, a wrong type or an unknown field: say which, not just "failed to
	 * read request"; a body read past its limit is a 413.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyTooLargeException tooLarge) {
				return handleExceptionInternal(ex, Problems.contentTooLarge(tooLarge.getMessage()), headers,
						HttpStatus.CONTENT_TOO_LARGE, request);
			}
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, readableCause(ex));
		problem.setTitle("Unreadable request body");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	private static String readableCause(HttpMessageNotReadableException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof UnrecognizedPropertyException unknown) {
				return "Unknown field '" + unknown.getPropertyName() + "'; known fields: "
						+ unknown.getKnownPropertyIds();
			}
			if (cause instanceof JacksonException jackson) {
				return "Request body is not valid: " + jackson.getOriginalMessage();
			}
		}
		return "Request body is missing or not readable";
	}

}
