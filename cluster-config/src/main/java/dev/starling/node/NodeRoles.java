package dev.starling.node;

import com.typesafe.config.Config;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a node does ({@code starling.cluster.roles}, {@code STARLING_ROLES}): {@value #WRITE} hosts
 * the sharded entities (the aggregates and the read side's single writers: counters, fan-out),
 * {@value #PROJECTION} runs the projections, {@value #API} serves HTTP and keeps the search index
 * and trends that answer it. A one-node stack has all three; in a larger cluster each kind of work
 * scales on nodes of its own, and nodes without a role still reach every entity through sharding.
 */
final class NodeRoles {
  static final String WRITE = "write";
  static final String PROJECTION = "projection";
  static final String API = "api";
  private static final Set<String> ALL = Set.of(WRITE, PROJECTION, API);

  private NodeRoles() {}

  /** The node's roles, in the order given; fails on an unknown or missing one. */
  static Set<String> of(Config config) {
    String given = config.getString("starling.cluster.roles");
    var roles = new LinkedHashSet<String>();
    for (String role : Arrays.stream(given.split(",")).map(String::trim).toList()) {
      if (!ALL.contains(role)) {
        throw new IllegalArgumentException(
            "starling.cluster.roles (STARLING_ROLES) lists \""
                + role
                + "\"; a node's roles are a comma-separated choice of write, projection, api");
      }
      roles.add(role);
    }
    return roles;
  }
}
