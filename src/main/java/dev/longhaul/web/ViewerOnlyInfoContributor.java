package dev.longhaul.web;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Contributes to {@code /actuator/info} only when a viewer (or any higher role) asks: the
 * build (version, time, artifact) and the git commit it was built from. The endpoint is
 * public, and an anonymous caller keeps seeing only {@code info.app} (name and version),
 * which is what a probe needs; a build time and commit would also tell a stranger how old
 * the code is.
 */
final class ViewerOnlyInfoContributor implements InfoContributor {

	private static final String VIEWER = "ROLE_VIEWER";

	private final List<InfoContributor> contributors;

	private final RoleHierarchy roles;

	/**
	 * Makes a contributor that passes the builder on to the given ones for viewers.
	 * @param contributors what viewers get, in order; may be empty
	 * @param roles the role hierarchy, by which operators and admins are viewers too
	 */
	ViewerOnlyInfoContributor(List<InfoContributor> contributors, RoleHierarchy roles) {
		this.contributors = List.copyOf(contributors);
		this.roles = roles;
	}

	@Override
	public void contribute(Info.Builder builder) {
		if (isViewer(SecurityContextHolder.getContext().getAuthentication())) {
			this.contributors.forEach((contributor) -> contributor.contribute(builder));
		}
	}

	private boolean isViewer(@Nullable Authentication authentication) {
		// An anonymous caller's authentication holds ROLE_ANONYMOUS, which reaches no
		// role.
		return authentication != null && authentication.isAuthenticated()
				&& this.roles.getReachableGrantedAuthorities(authentication.getAuthorities())
					.stream()
					.anyMatch((authority) -> VIEWER.equals(authority.getAuthority()));
	}

}
