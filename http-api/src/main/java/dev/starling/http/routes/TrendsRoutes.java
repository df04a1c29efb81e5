package dev.starling.http.routes;

import dev.starling.http.ApiDirectives;
import dev.starling.http.ApiProblem;
import dev.starling.http.Representations;
import dev.starling.read.trends.Geography;
import dev.starling.read.trends.TrendsQuery;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** What is trending in a geography: {@code global} (the default) or a country. */
public final class TrendsRoutes extends ApiDirectives {
  private final TrendsQuery trends;

  public TrendsRoutes(TrendsQuery trends) {
    this.trends = trends;
  }

  public Route routes() {
    return path(
        "trends",
        () ->
            get(
                () ->
                    parameterOptional(
                        "location",
                        location ->
                            limit(
                                limit -> {
                                  String geography =
                                      location
                                          .map(TrendsRoutes::geography)
                                          .orElse(Geography.GLOBAL);
                                  return json(
                                      StatusCodes.OK,
                                      Representations.trends(trends.trends(geography, limit)));
                                }))));
  }

  private static String geography(String location) {
    return Geography.parse(location)
        .orElseThrow(
            () ->
                ApiProblem.badRequest(
                    "location must be global or an ISO 3166-1 alpha-2 country code"));
  }
}
