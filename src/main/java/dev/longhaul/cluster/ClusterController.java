package dev.longhaul.cluster;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.longhaul.config.InstanceId;

/**
 * {@code GET /api/cluster}: the live instances sharing this database, and which singleton
 * each runs.
 */
@RestController
class ClusterController {

	private final ClusterMembership membership;

	private final InstanceId instance;

	ClusterController(ClusterMembership membership, InstanceId instance) {
		this.membership = membership;
		this.instance = instance;
	}

	@GetMapping("/api/cluster")
	Cluster cluster() {
		return new Cluster(this.instance.value(), this.membership.members());
	}

	/**
	 * The cluster as one instance sees it.
	 *
	 * @param instance the instance answering
	 * @param instances the live instances
	 */
	record Cluster(String instance, List<ClusterMembership.Member> instances) {
	}

}
