package dev.starling.http.admin;

import static org.apache.pekko.http.javadsl.server.PathMatchers.integerSegment;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.starling.http.ApiProblem;
import dev.starling.http.Json;
import dev.starling.read.generation.ReadModelStatus;
import dev.starling.read.generation.ReadModels;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /admin/read-models}: the replayable read models with their generations and the progress of
 * the one being built; replay, backfill, switch and drop.
 */
final class ReadModelAdminRoutes extends AdminDirectives {
  private final ReadModels models;

  ReadModelAdminRoutes(ReadModels models) {
    this.models = models;
  }

  Route routes() {
    return pathPrefix(
        "read-models",
        () ->
            concat(
                pathEndOrSingleSlash(() -> get(() -> awaitControl(models::status, this::listed))),
                pathPrefix(
                    segment(),
                    name ->
                        concat(
                            pathEnd(
                                () ->
                                    get(
                                        () ->
                                            awaitControl(
                                                () -> models.status(name),
                                                status -> listed(List.of(status))))),
                            build("replay", name, models::replay),
                            build("backfill", name, models::backfill),
                            path(
                                "switch",
                                () ->
                                    post(
                                        () ->
                                            awaitControl(
                                                () -> models.switchTo(name),
                                                status -> listed(List.of(status))))),
                            path(
                                segment("generations").slash(integerSegment()),
                                generation ->
                                    delete(
                                        () ->
                                            awaitControl(
                                                () -> models.drop(name, generation),
                                                status -> listed(List.of(status)))))))));
  }

  /** {@code POST .../<verb>[?switch=auto|manual]}: starts building a generation. */
  private Route build(
      String verb,
      String name,
      BiFunction<String, Boolean, CompletionStage<ReadModelStatus>> start) {
    return path(
        verb,
        () ->
            post(
                () ->
                    parameterOptional(
                        "switch",
                        mode ->
                            awaitControl(
                                () -> start.apply(name, manualSwitch(mode)),
                                status -> listed(List.of(status))))));
  }

  static boolean manualSwitch(Optional<String> mode) {
    String chosen = mode.orElse("auto");
    if (!chosen.equals("auto") && !chosen.equals("manual")) {
      throw ApiProblem.badRequest("switch must be auto or manual, not '" + chosen + "'");
    }
    return chosen.equals("manual");
  }

  private Route listed(List<ReadModelStatus> statuses) {
    return respond(
        Map.of("read_models", statuses.stream().map(ReadModelAdminRoutes::json).toList()),
        () -> AdminText.readModels(statuses));
  }

  private static Map<String, Object> json(ReadModelStatus status) {
    var json = new LinkedHashMap<String, Object>();
    json.put("name", status.name());
    json.put("state", status.state().wireName());
    json.put("active_generation", status.active().orElse(null));
    json.put("building_generation", status.building().orElse(null));
    json.put("progress", status.progress().map(ReadModelAdminRoutes::json).orElse(null));
    json.put("last_switch", status.lastSwitch().map(ReadModelAdminRoutes::json).orElse(null));
    json.put("generations", status.generations().stream().map(ReadModelAdminRoutes::json).toList());
    return json;
  }

  private static Map<String, Object> json(ReadModelStatus.Progress progress) {
    var json = new LinkedHashMap<String, Object>();
    json.put("generation", progress.generation());
    json.put("started_at", Json.timestamp(progress.startedAt()));
    json.put("events", progress.events());
    json.put("events_per_second", Math.round(progress.eventsPerSecond() * 10) / 10.0);
    json.put("lag_events", progress.lagEvents());
    json.put("lag_at_least", progress.lagAtLeast());
    json.put("eta_seconds", progress.eta().map(ReadModelAdminRoutes::seconds).orElse(null));
    json.put("switch", progress.manualSwitch() ? "manual" : "auto");
    json.put("caught_up_at", progress.caughtUpAt().map(Json::timestamp).orElse(null));
    return json;
  }

  private static Map<String, Object> json(ReadModelStatus.LastSwitch last) {
    var json = new LinkedHashMap<String, Object>();
    json.put("from_generation", last.from().orElse(null));
    json.put("to_generation", last.to());
    json.put("replayed_events", last.events());
    json.put("replay_seconds", seconds(last.buildTime()));
    json.put("replay_events_per_second", Math.round(last.eventsPerSecond() * 10) / 10.0);
    json.put(
        "switch_seconds",
        last.caughtUpAt().map(at -> seconds(Duration.between(at, last.switchedAt()))).orElse(null));
    json.put("switched_at", Json.timestamp(last.switchedAt()));
    return json;
  }

  private static Map<String, Object> json(ReadModelStatus.Generation generation) {
    var json = new LinkedHashMap<String, Object>();
    json.put("generation", generation.generation());
    json.put("role", generation.role());
    json.put("tables", generation.tables());
    json.put("projections", generation.projections());
    json.put("started_at", time(generation.startedAt()));
    json.put("caught_up_at", time(generation.caughtUpAt()));
    json.put("switched_at", time(generation.switchedAt()));
    json.put("switched_from", generation.switchedFrom().orElse(null));
    json.put("dropped_at", time(generation.droppedAt()));
    json.put("events_replayed", generation.eventsReplayed());
    return json;
  }

  private static String time(Optional<Instant> at) {
    return at.map(Json::timestamp).orElse(null);
  }

  static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
