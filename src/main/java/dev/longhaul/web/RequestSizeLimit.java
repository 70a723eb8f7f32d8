package dev.longhaul.web;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps every request body before anything reads it, dataset uploads aside: JSON (any
 * {@code application/json} or {@code +json} type, in any case) at
 * {@code longhaul.web.max-json-size}, any other body at
 * {@code longhaul.web.max-body-size}. A larger declared {@code Content-Length} is
 * answered 413 at once; a body without one (chunked) is counted as it is read and
 * answered 413 once over. A multipart body is refused (415) on every path but
 * {@code POST /api/datasets}; there it stays unparsed, and under the small limit, until
 * {@link UploadAdmission} finds an operator behind it. Runs before Spring Security, and
 * again on error dispatches (to keep a multipart body unparsed there too).
 */
final class RequestSizeLimit extends OncePerRequestFilter {

	static final String UPLOAD_PATH = "/api/datasets";

	private static final Logger logger = LoggerFactory.getLogger(RequestSizeLimit.class);

	private final Limit json;

	private final Limit other;

	RequestSizeLimit(RequestLimitsProperties limits) {
		this.json = new Limit(limits.maxJsonSize(), "longhaul.web.max-json-size");
		this.other = new Limit(limits.maxBodySize(), "longhaul.web.max-body-size");
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		MediaType type = mediaType(request.getContentType());
		boolean multipart = type != null && type.getType().equals("multipart");
		boolean upload = isUpload(request);
		Limit limit = (isJson(type) && !upload) ? this.json : this.other;
		if (request.getDispatcherType() == DispatcherType.REQUEST && !upload) {
			if (request.getContentLengthLong() > limit.bytes()) {
				refuse(request, response, limit.exceeded());
				return;
			}
			if (multipart) {
				logger.debug("Refused a multipart body on {} {}", request.getMethod(), request.getRequestURI());
				SecurityProblems.write(request, response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
						"Unsupported media type",
						"Multipart bodies are accepted only by POST " + UPLOAD_PATH + " (a dataset upload)");
				return;
			}
		}
		try {
			chain.doFilter(new LimitedRequest(request, limit, multipart), response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			BodyTooLargeException tooLarge = tooLarge(ex);
			if (tooLarge == null || response.isCommitted()) {
				throw ex;
			}
			response.resetBuffer();
			refuse(request, response, tooLarge);
		}
	}

	private static void refuse(HttpServletRequest request, HttpServletResponse response, BodyTooLargeException ex)
			throws IOException {
		logger.debug("Refused the body of {} {}: {}", request.getMethod(), request.getRequestURI(), ex.getMessage());
		SecurityProblems.write(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "Content too large",
				ex.getMessage());
	}

	/**
	 * The refusal behind an exception: our own count, or Tomcat's when it parsed a form
	 * body (connector {@code maxPostSize}, set to {@code longhaul.web.max-body-size}).
	 */
	private @Nullable BodyTooLargeException tooLarge(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyTooLargeException tooLarge) {
				return tooLarge;
			}
			if (cause instanceof InvalidParameterException invalid
					&& invalid.getErrorCode() == HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE) {
				return this.other.exceeded();
			}
		}
		return null;
	}

	/**
	 * Whether a request is a dataset upload, the one request whose body may be large.
	 * @param request the request
	 * @return whether it is {@code POST /api/datasets}, exactly
	 */
	static boolean isUpload(HttpServletRequest request) {
		return "POST".equals(request.getMethod())
				&& request.getRequestURI().equals(request.getContextPath() + UPLOAD_PATH);
	}

	static boolean isJson(@Nullable MediaType type) {
		return type != null && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
	}

	private static @Nullable MediaType mediaType(@Nullable String contentType) {
		if (contentType == null || contentType.isBlank()) {
			return null;
		}
		try {
			return MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
	}

	/**
	 * A body limit and the property that sets it.
	 *
	 * @param size the limit
	 * @param property the property
	 */
	record Limit(DataSize size, String property) {

		long bytes() {
			return this.size.toBytes();
		}

		BodyTooLargeException exceeded() {
			return new BodyTooLargeException(
					"The request body is larger than the limit of " + describe(this.size) + " (" + this.property + ")");
		}

		static String describe(DataSize size) {
			long bytes = size.toBytes();
			if (bytes >= DataSize.ofMegabytes(1).toBytes() && bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
				return size.toMegabytes() + " MB";
			}
			if (bytes >= DataSize.ofKilobytes(1).toBytes() && bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
				return size.toKilobytes() + " KB";
			}
			return bytes + " bytes";
		}

	}

}
