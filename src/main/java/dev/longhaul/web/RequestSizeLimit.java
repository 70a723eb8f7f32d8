package dev.longhaul.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps JSON and form request bodies ({@code longhaul.web.max-json-size}): a larger
 * declared {@code Content-Length} is answered 413 with a problem detail before the body
 * is read. (CSV uploads have their own, larger limit.)
 */
final class RequestSizeLimit extends OncePerRequestFilter {

	private final DataSize limit;

	RequestSizeLimit(DataSize limit) {
		this.limit = limit;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String type = request.getContentType();
		boolean capped = type != null && (type.startsWith(MediaType.APPLICATION_JSON_VALUE)
				|| type.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE));
		if (capped && request.getContentLengthLong() > this.limit.toBytes()) {
			SecurityProblems.write(request, response, 413, "Content too large", "The request body is larger than "
					+ "the limit of " + this.limit.toMegabytes() + " MB (longhaul.web.max-json-size)");
			return;
		}
		chain.doFilter(request, response);
	}

}
