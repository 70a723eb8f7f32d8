package dev.longhaul.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfException;

/**
 * The refusals of Spring Security as RFC 9457 problem details, like every other client
 * error: 401 says how to sign in (with the Basic challenge for API clients only), 429
 * says when a throttled sign-in may be tried again, 403 says whether the role is too low
 * or a browser session's CSRF token is missing. A browser navigation without credentials
 * is sent to the login form instead.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final AuthenticationEntryPoint loginForm = new LoginUrlAuthenticationEntryPoint("/login");

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException, ServletException {
		if (ex instanceof LoginThrottledException throttled) {
			response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
			write(request, response, 429, "Too many failed sign-ins",
					"Too many failed sign-ins for this user or from this address: try again in "
							+ throttled.retryAfterSeconds() + " s.");
			return;
		}
		if (isNavigation(request)) {
			this.loginForm.commence(request, response, ex);
			return;
		}
		// A challenge makes a browser pop up its own login box and then remember the
		// credentials for every later request, cross-site ones included: API clients
		// only.
		if (!isBrowser(request)) {
			response.setHeader("WWW-Authenticate", "Basic realm=\"Longhaul\"");
		}
		write(request, response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
				"Sign in: HTTP Basic credentials of a configured user, or the form at /login.");
	}

	/**
	 * Whether a browser is loading a page (not a script fetching data): Fetch Metadata
	 * says so where browsers send it (HTTPS and localhost), else an {@code Accept} that
	 * asks for HTML.
	 * @param request the request
	 * @return {@code true} for a page navigation
	 */
	static boolean isNavigation(HttpServletRequest request) {
		String mode = request.getHeader("Sec-Fetch-Mode");
		if (mode != null) {
			return mode.equals("navigate");
		}
		String accept = request.getHeader("Accept");
		return accept != null && accept.contains("text/html") && !isXhr(request);
	}

	/**
	 * Whether a browser (a page or its scripts) sent the request.
	 * @param request the request
	 * @return {@code true} with Fetch Metadata, {@code X-Requested-With} or an HTML
	 * {@code Accept}
	 */
	static boolean isBrowser(HttpServletRequest request) {
		return request.getHeader("Sec-Fetch-Mode") != null || isXhr(request) || isNavigation(request);
	}

	private static boolean isXhr(HttpServletRequest request) {
		return "XMLHttpRequest".equals(request.getHeader("X-Requested-With"));
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		if (ex instanceof CsrfException) {
			write(request, response, HttpServletResponse.SC_FORBIDDEN, "CSRF token missing or invalid",
					"A change in a browser session must come from Longhaul's own pages or carry the session's CSRF "
							+ "token (GET /api/me hands it over); reload the page if you signed in again elsewhere.");
			return;
		}
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		String who = (caller != null) ? "User '" + caller.getName() + "' (" + roles(caller) + ")" : "This caller";
		write(request, response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
				who + " may not " + request.getMethod() + " " + request.getRequestURI() + ": it needs a higher role.");
	}

	private static String roles(Authentication caller) {
		return caller.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith("ROLE_"))
			.map((role) -> role.replaceFirst("^ROLE_", "").toLowerCase())
			.collect(Collectors.joining(", "));
	}

	/**
	 * Writes a problem detail.
	 * @param request the request, whose path becomes the {@code instance}
	 * @param response the response
	 * @param status the status
	 * @param title the title
	 * @param detail the detail
	 * @throws IOException if writing fails
	 */
	static void write(HttpServletRequest request, HttpServletResponse response, int status, String title, String detail)
			throws IOException {
		response.setStatus(status);
		response.setContentType("application/problem+json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter()
			.write("{\"type\":\"about:blank\",\"title\":" + json(title) + ",\"status\":" + status + ",\"detail\":"
					+ json(detail) + ",\"instance\":" + json(request.getRequestURI()) + "}");
	}

	static String json(String text) {
		StringBuilder json = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"').toString();
	}

}
