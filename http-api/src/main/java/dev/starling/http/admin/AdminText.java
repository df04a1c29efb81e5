package dev.starling.http.admin;

import dev.starling.app.Audit;
import dev.starling.app.Shards;
import dev.starling.http.Json;
import dev.starling.read.projection.InstanceStatus;
import java.util.List;

/** The tables and listings {@code ops/starling} prints (the {@code ?format=text} answers). */
final class AdminText {
  private AdminText() {}

  static String projections(List<InstanceStatus> statuses) {
    var out = new StringBuilder();
    // the name columns as wide as their longest entry, so long names do not shift the rest
    int names =
        Math.max(
            "PROJECTION".length(),
            statuses.stream().mapToInt(s -> s.projection().length()).max().orElse(0));
    int instances =
        Math.max(
            "INSTANCE".length(),
            statuses.stream().mapToInt(s -> s.instance().length()).max().orElse(0));
    String row = "%-" + names + "s %-" + instances + "s %-8s %-24s %10s %9s %7s%n";
    out.append(
        String.format(
            row,
            "PROJECTION",
            "INSTANCE",
            "STATE",
            "OFFSET (event time)",
            "LAG",
            "LAG (s)",
            "SKIPS"));
    for (var s : statuses) {
      out.append(
          String.format(
              row,
              s.projection(),
              s.instance(),
              s.state().wireName(),
              s.offset().map(ProjectionAdminRoutes::time).orElse("none (from start)"),
              (s.lag().atLeast() ? ">=" : "") + s.lag().events(),
              String.format("%.1f", s.lag().behind().toMillis() / 1000.0),
              s.skipped().size()));
      s.stoppedOn()
          .ifPresent(
              e ->
                  out.append(
                      String.format(
                          "  stopped on %s #%d (%s, offset %s) after %d attempts at %s: %s%n"
                              + "  -> fix the cause and `projections resume %s %s`, or"
                              + " `projections skip %s %s`%n",
                          e.persistenceId(),
                          e.sequenceNr(),
                          shortType(e.eventType()),
                          e.offset(),
                          e.attempts(),
                          Json.timestamp(e.at()),
                          e.error(),
                          s.projection(),
                          s.instance(),
                          s.projection(),
                          s.instance())));
      s.skipped().stream()
          .findFirst()
          .ifPresent(
              e ->
                  out.append(
                      String.format(
                          "  last skipped %s #%d (%s) at %s%n",
                          e.persistenceId(),
                          e.sequenceNr(),
                          shortType(e.eventType()),
                          Json.timestamp(e.skippedAt()))));
    }
    return out.toString();
  }

  static String audit(Audit.AuditTrail trail) {
    var out = new StringBuilder();
    out.append(trail.aggregate()).append(' ').append(trail.id()).append('\n');
    for (var entity : trail.entities()) {
      out.append('\n')
          .append(entity.persistenceId())
          .append(" (")
          .append(entity.role())
          .append(", ")
          .append(entity.events().size())
          .append(" events)\n");
      for (var event : entity.events()) {
        out.append(
            String.format(
                "  #%-4d %s  %-28s %s%n",
                event.sequenceNr(),
                Json.timestamp(event.timestamp()),
                shortType(event.type()),
                event.fields()));
      }
    }
    return out.toString();
  }

  static String shards(List<Shards.EntityType> types) {
    var out = new StringBuilder();
    String row = "%-44s %-36s %7s %9s  %s%n";
    out.append(String.format(row, "ENTITY TYPE", "NODE", "SHARDS", "ENTITIES", "REBALANCE"));
    for (var type : types) {
      String balance = balance(type.rebalance());
      if (type.nodes().isEmpty()) {
        out.append(String.format(row, type.name(), "-", 0, 0, balance));
      }
      for (var node : type.nodes()) {
        out.append(
            String.format(row, type.name(), node.node(), node.shards(), node.entities(), balance));
        balance = "";
      }
      type.unanswered().forEach(n -> out.append("  no answer from ").append(n).append('\n'));
    }
    return out.toString();
  }

  /** "balanced", or what is left to move and in how many rounds. */
  private static String balance(Shards.Rebalance rebalance) {
    if (rebalance.balanced()) {
      return "balanced";
    }
    return String.format(
        "in progress: %d shards to move (fair share %d per node), ~%d rounds of %d every %d s",
        rebalance.toMove(),
        rebalance.fairShare(),
        rebalance.roundsLeft(),
        rebalance.perRound(),
        rebalance.interval().toSeconds());
  }

  /** {@code dev.starling.user.User$Registered} as {@code User.Registered}. */
  static String shortType(String className) {
    return className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
  }
}
