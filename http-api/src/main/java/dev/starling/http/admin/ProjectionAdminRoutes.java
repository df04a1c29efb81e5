package dev.starling.http.admin;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import dev.starling.http.ApiProblem;
import dev.starling.http.Json;
import dev.starling.read.projection.InstanceStatus;
import dev.starling.read.projection.ProjectionControl;
import dev.starling.read.projection.SkippedEvent;
import dev.starling.read.projection.StoppedEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /admin/projections}: every projection's instances with offset, lag and state, and the
 * operations on them. {@code name} is a projection's name, {@code instance} one of its tags.
 */
final class ProjectionAdminRoutes extends AdminDirectives {
  private final ProjectionControl control;

  ProjectionAdminRoutes(ProjectionControl control) {
    this.control = control;
  }

  Route routes() {
    return pathPrefix(
        "projections",
        () ->
            concat(
                pathEndOrSingleSlash(() -> get(() -> awaitControl(control::status, this::listed))),
                pathPrefix(
                    segment(),
                    name ->
                        concat(
                            pathEnd(
                                () ->
                                    get(
                                        () ->
                                            awaitControl(
                                                () -> control.status(name), this::listed))),
                            operation("pause", instance -> control.pause(name, instance)),
                            operation("resume", instance -> control.resume(name, instance)),
                            path(
                                "reset",
                                () ->
                                    post(
                                        () ->
                                            parameterOptional(
                                                "instance",
                                                instance ->
                                                    parameterOptional(
                                                        "to", to -> reset(name, instance, to))))),
                            path(
                                "skip",
                                () ->
                                    post(
                                        () ->
                                            parameterOptional(
                                                "instance", instance -> skip(name, instance))))))));
  }

  /** {@code POST .../<verb>[?instance=]}: every instance of the projection, or the one named. */
  private Route operation(
      String verb, Function<Optional<String>, CompletionStage<List<String>>> operation) {
    return path(
        verb,
        () ->
            post(
                () ->
                    parameterOptional(
                        "instance",
                        instance ->
                            awaitControl(() -> operation.apply(instance), this::outcomes))));
  }

  private Route reset(String name, Optional<String> instance, Optional<String> to) {
    Optional<UUID> offset = to.map(ProjectionAdminRoutes::offset);
    return awaitControl(() -> control.reset(name, instance, offset), this::outcomes);
  }

  private Route skip(String name, Optional<String> instance) {
    String stopped =
        instance.orElseThrow(
            () -> ApiProblem.badRequest("instance is required: the instance stopped on an event"));
    return awaitControl(() -> control.skip(name, stopped), this::skipped);
  }

  /**
   * An offset to reset to: a time-based UUID as {@code projections} lists them, or an ISO-8601
   * instant (the projection reads on from the first event after it).
   */
  static UUID offset(String to) {
    try {
      UUID uuid = UUID.fromString(to);
      if (uuid.version() != 1) {
        throw ApiProblem.badRequest("to must be a time-based (version 1) UUID, not " + to);
      }
      return uuid;
    } catch (IllegalArgumentException notUuid) {
      try {
        return Uuids.endOf(Instant.parse(to).toEpochMilli() - 1);
      } catch (DateTimeParseException notInstant) {
        throw ApiProblem.badRequest(
            "to must be an offset (a time-based UUID) or an ISO-8601 instant such as"
                + " 2026-11-30T12:00:00Z, not '"
                + to
                + "'");
      }
    }
  }

  private Route listed(List<InstanceStatus> statuses) {
    Map<String, List<Map<String, Object>>> byProjection = new LinkedHashMap<>();
    statuses.forEach(
        s -> byProjection.computeIfAbsent(s.projection(), n -> new ArrayList<>()).add(json(s)));
    var projections = new ArrayList<Map<String, Object>>();
    byProjection.forEach(
        (name, instances) -> {
          var projection = new LinkedHashMap<String, Object>();
          projection.put("name", name);
          projection.put("instances", instances);
          projections.add(projection);
        });
    return respond(Map.of("projections", projections), () -> AdminText.projections(statuses));
  }

  private Route outcomes(List<String> outcomes) {
    return respond(Map.of("done", outcomes), () -> String.join("\n", outcomes) + "\n");
  }

  private Route skipped(SkippedEvent skipped) {
    return respond(
        Map.of("skipped", json(skipped)),
        () ->
            "skipped "
                + skipped.persistenceId()
                + " #"
                + skipped.sequenceNr()
                + " (offset "
                + skipped.offset()
                + "); the instance runs again\n");
  }

  private static Map<String, Object> json(InstanceStatus status) {
    var json = new LinkedHashMap<String, Object>();
    json.put("instance", status.instance());
    json.put("state", status.state().wireName());
    json.put("offset", status.offset().map(UUID::toString).orElse(null));
    json.put("offset_event_time", status.offset().map(ProjectionAdminRoutes::time).orElse(null));
    json.put("offset_stored_at", status.offsetStoredAt().map(Json::timestamp).orElse(null));
    json.put("lag_events", status.lag().events());
    json.put("lag_seconds", status.lag().behind().toMillis() / 1000.0);
    json.put("lag_at_least", status.lag().atLeast());
    json.put("stopped_on", status.stoppedOn().map(ProjectionAdminRoutes::json).orElse(null));
    json.put("skipped", status.skipped().stream().map(ProjectionAdminRoutes::json).toList());
    return json;
  }

  private static Map<String, Object> json(StoppedEvent event) {
    var json = new LinkedHashMap<String, Object>();
    json.put("persistence_id", event.persistenceId());
    json.put("sequence_nr", event.sequenceNr());
    json.put("offset", event.offset().toString());
    json.put("event_type", event.eventType());
    json.put("attempts", event.attempts());
    json.put("error", event.error());
    json.put("failed_at", Json.timestamp(event.at()));
    return json;
  }

  private static Map<String, Object> json(SkippedEvent event) {
    var json = new LinkedHashMap<String, Object>();
    json.put("persistence_id", event.persistenceId());
    json.put("sequence_nr", event.sequenceNr());
    json.put("offset", event.offset().toString());
    json.put("event_type", event.eventType());
    json.put("error", event.error());
    json.put("skipped_at", Json.timestamp(event.skippedAt()));
    return json;
  }

  static String time(UUID offset) {
    return Json.timestamp(Instant.ofEpochMilli(Uuids.unixTimestamp(offset)));
  }
}
