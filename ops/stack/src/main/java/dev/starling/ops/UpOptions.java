package dev.starling.ops;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** What {@code ops/starling up} was asked for: how many nodes, and each node's roles. */
record UpOptions(int nodes, Map<Integer, String> roles, boolean help) {
  static final int MAX_NODES = 9;
  private static final String ALL_ROLES = "write,projection,api";
  private static final Set<String> ROLES = Set.of("write", "projection", "api");

  static final String USAGE =
      """
      Usage: ops/starling up [--nodes N] [--roles I=ROLES ...]

      Starts Cassandra, Kafka and N Starling nodes (default 1) that form one cluster. Node 1 runs
      in this process on the ports of the environment (STARLING_HTTP_PORT 8080, STARLING_REMOTE_PORT
      25520, STARLING_ADMIN_PORT 8090); node I runs in a JVM of its own on each of those plus I-1,
      joins node 1, keeps its search index in $STARLING_DATA_DIR/search-node-I and logs to
      $STARLING_DATA_DIR/node-I.log.

        --nodes N         nodes in the cluster, 1 to 9 [1]
        --roles I=ROLES   node I's roles, a comma-separated choice of write (the sharded entities),
                          projection (the projections), api (HTTP, search index, trends)
                          [every role on every node]; e.g. --roles 1=write,projection --roles 2=api
        -h, --help        show this help
      """;

  /** Node {@code i}'s roles, comma-separated. */
  String roles(int node) {
    return roles.getOrDefault(node, ALL_ROLES);
  }

  static UpOptions parse(String... args) {
    int nodes = 1;
    var roles = new HashMap<Integer, String>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "-h", "--help" -> {
          return new UpOptions(1, Map.of(), true);
        }
        case "--nodes" -> nodes = count(value(args, ++i, arg));
        case "--roles" -> {
          String given = value(args, ++i, arg);
          int equals = given.indexOf('=');
          if (equals < 1) {
            throw new IllegalArgumentException("--roles takes I=ROLES, e.g. 2=api, not " + given);
          }
          int node = count(given.substring(0, equals));
          roles.put(node, roleList(given.substring(equals + 1)));
        }
        default -> throw new IllegalArgumentException("unknown option: " + arg);
      }
    }
    for (int node : roles.keySet()) {
      if (node > nodes) {
        throw new IllegalArgumentException(
            "--roles names node " + node + " of a " + nodes + "-node stack");
      }
    }
    return new UpOptions(nodes, Map.copyOf(roles), false);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  private static int count(String text) {
    try {
      int n = Integer.parseInt(text.strip());
      if (n < 1 || n > MAX_NODES) {
        throw new IllegalArgumentException(
            "a node number is 1 to " + MAX_NODES + ", not " + text.strip());
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a node number: " + text, e);
    }
  }

  private static String roleList(String text) {
    var list = new StringBuilder();
    for (String role : text.split(",")) {
      String r = role.strip();
      if (!ROLES.contains(r)) {
        throw new IllegalArgumentException(
            "unknown role \"" + r + "\": a node's roles are write, projection, api");
      }
      list.append(list.isEmpty() ? "" : ",").append(r);
    }
    return list.toString();
  }
}
