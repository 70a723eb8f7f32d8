package dev.longhaul.web;

import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/me}: who is calling and what they may do, so the dashboard shows only
 * the actions the caller may take. For a browser session it also hands over the CSRF
 * token that the session's state-changing requests must carry; stateless API clients get
 * none, and no session is made for them.
 */
@RestController
class CurrentUserController {

	private final RoleHierarchy roles;

	CurrentUserController(RoleHierarchy roles) {
		this.roles = roles;
	}

	@GetMapping("/api/me")
	CurrentUser me(Authentication authentication, HttpServletRequest request) {
		Set<String> granted = this.roles.getReachableGrantedAuthorities(authentication.getAuthorities())
			.stream()
			.map(GrantedAuthority::getAuthority)
			.collect(Collectors.toSet());
		String role = granted.contains("ROLE_ADMIN") ? "admin"
				: granted.contains("ROLE_OPERATOR") ? "operator" : granted.contains("ROLE_VIEWER") ? "viewer" : "none";
		Csrf csrf = null;
		if (request.getSession(false) != null
				&& request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
			csrf = new Csrf(token.getHeaderName(), token.getParameterName(), token.getToken());
		}
		return new CurrentUser(authentication.getName(), role, granted.contains("ROLE_OPERATOR"),
				granted.contains("ROLE_ADMIN"), csrf);
	}

	/**
	 * The caller.
	 *
	 * @param name their user name
	 * @param role their role: {@code viewer}, {@code operator} or {@code admin}
	 * @param canEnqueue whether they may enqueue emails and datasets
	 * @param canControl whether they may control workers, retry, cancel and delete
	 * @param csrf the token a browser session sends with state-changing requests, or
	 * {@code null} without a session
	 */
	record CurrentUser(String name, String role, boolean canEnqueue, boolean canControl, @Nullable Csrf csrf) {
	}

	/**
	 * A CSRF token and where to put it.
	 *
	 * @param headerName the header for API calls
	 * @param parameterName the form field for form posts (logout)
	 * @param token the token
	 */
	record Csrf(String headerName, String parameterName, String token) {
	}

}
