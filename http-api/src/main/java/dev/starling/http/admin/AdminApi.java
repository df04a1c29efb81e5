package dev.starling.http.admin;

import dev.starling.app.Audit;
import dev.starling.app.Shards;
import dev.starling.http.ApiProblem;
import dev.starling.http.ProblemHandling;
import dev.starling.read.generation.ReadModels;
import dev.starling.read.projection.ProjectionControl;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The node's admin interface (docs/operations.md): projections, read models, audit and shards under
 * {@code /admin}, served on a port of its own, every request authenticated by the admin bearer
 * token, every error problem+json. It speaks for the whole cluster (what it lists comes from the
 * stores, what it changes goes through pekko-projection's management), so any node's admin port
 * will do.
 */
public final class AdminApi extends AllDirectives {
  private static final String BEARER = "Bearer ";

  private final byte[] token;
  private final ProjectionAdminRoutes projections;
  private final AuditRoutes audit;
  private final ShardRoutes shards;
  private final ReadModelAdminRoutes readModels;

  public AdminApi(
      String token,
      ProjectionControl projections,
      ReadModels readModels,
      Audit audit,
      Shards shards) {
    if (token.isBlank()) {
      throw new IllegalArgumentException("the admin token must not be blank");
    }
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.projections = new ProjectionAdminRoutes(projections);
    this.audit = new AuditRoutes(audit);
    this.shards = new ShardRoutes(shards);
    this.readModels = new ReadModelAdminRoutes(readModels);
  }

  public Route route() {
    var problems = new ProblemHandling();
    return problems.wrap(
        authenticated(
            () ->
                pathPrefix(
                    "admin",
                    () ->
                        concat(
                            projections.routes(),
                            readModels.routes(),
                            audit.routes(),
                            shards.routes()))));
  }

  private Route authenticated(Supplier<Route> inner) {
    return optionalHeaderValueByName(
        "Authorization",
        header -> {
          Optional<String> presented =
              header.filter(h -> h.startsWith(BEARER)).map(h -> h.substring(BEARER.length()));
          if (presented.isEmpty()) {
            throw ApiProblem.unauthorized("the admin interface needs the admin bearer token");
          }
          if (!MessageDigest.isEqual(presented.get().getBytes(StandardCharsets.UTF_8), token)) {
            throw ApiProblem.unauthorized("the admin bearer token is not this node's");
          }
          return inner.get();
        });
  }
}
