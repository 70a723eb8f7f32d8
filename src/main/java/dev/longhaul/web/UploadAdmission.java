package dev.longhaul.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.WebUtils;

/**
 * Lets a dataset upload past {@link RequestSizeLimit}'s small limit, and its multipart
 * body be parsed, once the security context holds an operator (or admin). Runs right
 * after Spring Security's filter chain, so it sees the caller that chain authenticated;
 * it checks the role itself rather than trust the chain's rules alone.
 */
final class UploadAdmission extends OncePerRequestFilter {

	private final AuthorityAuthorizationManager<HttpServletRequest> operator;

	UploadAdmission(RoleHierarchy roles) {
		this.operator = AuthorityAuthorizationManager.hasRole("OPERATOR");
		this.operator.setRoleHierarchy(roles);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		LimitedRequest limited = WebUtils.getNativeRequest(request, LimitedRequest.class);
		if (limited != null && RequestSizeLimit.isUpload(request)) {
			AuthorizationResult result = this.operator
				.authorize(() -> SecurityContextHolder.getContext().getAuthentication(), request);
			if (result == null || !result.isGranted()) {
				SecurityProblems.write(request, response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
						"Only an operator may upload a dataset.");
				return;
			}
			limited.admitUpload();
		}
		chain.doFilter(request, response);
	}

}
