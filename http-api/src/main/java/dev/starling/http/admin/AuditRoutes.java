package dev.starling.http.admin;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.starling.app.Audit;
import dev.starling.http.ApiProblem;
import dev.starling.http.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /admin/audit/tweet/{id}} and {@code /admin/audit/user/{id|@handle}}: an aggregate's full
 * event history from the journal, secrets masked.
 */
final class AuditRoutes extends AdminDirectives {
  private final Audit audit;

  AuditRoutes(Audit audit) {
    this.audit = audit;
  }

  Route routes() {
    return pathPrefix(
        "audit",
        () ->
            get(
                () ->
                    concat(
                        path(
                            segment("tweet").slash(segment()),
                            id -> trail(audit.tweet(id(id, "tweet id")), "tweet " + id)),
                        path(
                            segment("user").slash(segment()),
                            user ->
                                user.startsWith("@")
                                    ? awaitControl(
                                        () -> audit.ownerOfHandle(user.substring(1)),
                                        owner ->
                                            trail(
                                                audit.user(
                                                    owner.orElseThrow(
                                                        () ->
                                                            ApiProblem.notFound(
                                                                "no user ever claimed the handle "
                                                                    + user))),
                                                "user " + user))
                                    : trail(audit.user(id(user, "user id")), "user " + user)))));
  }

  private Route trail(CompletionStage<Optional<Audit.AuditTrail>> found, String what) {
    return awaitControl(
        () -> found,
        trail ->
            respond(
                json(
                    trail.orElseThrow(
                        () -> ApiProblem.notFound("the journal holds no event of " + what))),
                () -> AdminText.audit(trail.get())));
  }

  private static long id(String segment, String name) {
    try {
      long id = Long.parseLong(segment);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw ApiProblem.badRequest(name + " must be a positive number, not '" + segment + "'");
  }

  private static Map<String, Object> json(Audit.AuditTrail trail) {
    var json = new LinkedHashMap<String, Object>();
    json.put("aggregate", trail.aggregate());
    json.put("id", trail.id());
    json.put(
        "entities",
        trail.entities().stream()
            .map(
                entity -> {
                  var e = new LinkedHashMap<String, Object>();
                  e.put("persistence_id", entity.persistenceId());
                  e.put("role", entity.role());
                  e.put(
                      "events",
                      entity.events().stream()
                          .map(
                              event -> {
                                var ev = new LinkedHashMap<String, Object>();
                                ev.put("sequence_nr", event.sequenceNr());
                                ev.put("timestamp", Json.timestamp(event.timestamp()));
                                ev.put("type", event.type());
                                ev.put("fields", event.fields());
                                return ev;
                              })
                          .toList());
                  return e;
                })
            .toList());
    return json;
  }
}
