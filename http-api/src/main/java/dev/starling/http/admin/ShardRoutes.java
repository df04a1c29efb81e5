package dev.starling.http.admin;

import dev.starling.app.Shards;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /admin/shards}: shards and entities per entity type and node. */
final class ShardRoutes extends AdminDirectives {
  private final Shards shards;

  ShardRoutes(Shards shards) {
    this.shards = shards;
  }

  Route routes() {
    return path(
        "shards",
        () ->
            get(
                () ->
                    awaitControl(
                        shards::stats,
                        types ->
                            respond(
                                Map.of("types", types.stream().map(ShardRoutes::json).toList()),
                                () -> AdminText.shards(types)))));
  }

  private static Map<String, Object> json(Shards.EntityType type) {
    var json = new LinkedHashMap<String, Object>();
    json.put("name", type.name());
    json.put("shards", type.shards());
    json.put("entities", type.entities());
    json.put(
        "nodes",
        type.nodes().stream()
            .map(
                node -> {
                  var n = new LinkedHashMap<String, Object>();
                  n.put("node", node.node());
                  n.put("shards", node.shards());
                  n.put("entities", node.entities());
                  return n;
                })
            .toList());
    json.put("unanswered", List.copyOf(type.unanswered()));
    var rebalance = type.rebalance();
    var r = new LinkedHashMap<String, Object>();
    r.put("balanced", rebalance.balanced());
    r.put("fair_share", rebalance.fairShare());
    r.put("shards_to_move", rebalance.toMove());
    r.put("per_round", rebalance.perRound());
    r.put("rounds_left", rebalance.roundsLeft());
    r.put("interval_seconds", rebalance.interval().toSeconds());
    json.put("rebalance", r);
    return json;
  }
}
