package dev.longhaul.web;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a state-changing request (anything but GET, HEAD, OPTIONS and TRACE) whose
 * {@code Origin}, or without one its {@code Referer}, names another origin than the
 * request's own scheme, host and port as the server sees them (behind a proxy: after the
 * forwarded headers are applied). Browsers send these headers, and no page can forge
 * them, so a foreign page cannot use credentials the browser holds (HTTP Basic or a
 * session), whatever the authentication; a request with neither header (curl, API
 * clients) passes unchanged. Answers 403 with a problem detail, before any
 * authentication.
 */
final class ForeignOriginFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(ForeignOriginFilter.class);

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!SAFE_METHODS.contains(request.getMethod())) {
			String origin = request.getHeader("Origin");
			String source = (origin != null) ? origin : request.getHeader("Referer");
			if (source != null && !isSameOrigin(source, request)) {
				logger.debug("Refused {} {} from foreign origin {}", request.getMethod(), request.getRequestURI(),
						(origin != null) ? "(Origin)" : "(Referer)");
				SecurityProblems.write(request, response, HttpServletResponse.SC_FORBIDDEN,
						"Cross-origin request refused", "A change must come from Longhaul's own origin: this request's "
								+ ((origin != null) ? "Origin" : "Referer") + " names another site.");
				return;
			}
		}
		chain.doFilter(request, response);
	}

	/**
	 * Whether an {@code Origin} or {@code Referer} value names the request's own origin.
	 * @param source the header value
	 * @param request the request
	 * @return {@code true} for the same scheme, host and port; {@code false} for another
	 * origin, {@code null} (an opaque origin) or a value that does not parse
	 */
	static boolean isSameOrigin(String source, HttpServletRequest request) {
		URI uri;
		try {
			uri = new URI(source.trim());
		}
		catch (java.net.URISyntaxException ex) {
			return false;
		}
		String scheme = uri.getScheme();
		String host = uri.getHost();
		if (scheme == null || host == null) {
			return false;
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : defaultPort(scheme);
		return scheme.equalsIgnoreCase(request.getScheme())
				&& unbracketed(host).equalsIgnoreCase(unbracketed(request.getServerName()))
				&& port == request.getServerPort();
	}

	private static int defaultPort(String scheme) {
		return switch (scheme.toLowerCase(Locale.ROOT)) {
			case "http" -> 80;
			case "https" -> 443;
			default -> -1;
		};
	}

	private static String unbracketed(String host) {
		return (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
	}

}
