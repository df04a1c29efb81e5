package dev.starling.http;

import dev.starling.app.Rejected;
import dev.starling.common.Stages;
import dev.starling.read.generation.ReadModelBuilding;
import dev.starling.read.store.Unavailability;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.AuthenticationFailedRejection;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedQueryParamRejection;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become responses: every 4xx and 5xx leaves as {@code
 * application/problem+json} with {@code type}, {@code title}, {@code status} and {@code detail},
 * whether it came from a thrown {@link ApiProblem}, a rejection (unknown route, wrong method, bad
 * content type), a dependency that failed or timed out, pekko-http's request timeout, or an
 * unexpected exception.
 *
 * <p>Load is answered, never a 500: when Cassandra or an entity cannot answer in time — any
 * DataStax driver failure other than a query the driver refused as invalid, an ask or other
 * timeout, an open circuit breaker, a full executor — the client gets 503 with {@code Retry-After},
 * however deeply the cause is wrapped. Only failures that point at a bug stay 500.
 */
public final class ProblemHandling extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);
  public static final ContentType PROBLEM_JSON =
      MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8, "json")
          .toContentType();
  private static final String TYPE_BASE = "https://starling.dev/problems/";

  /**
   * The {@code detail} of the 404 for a path no route serves, which is how a client (and the test
   * holding the API document to the routes) tells it from a 404 for a missing user or tweet.
   */
  public static final String NO_SUCH_RESOURCE = "no such resource";

  private static final Map<Integer, String> SLUGS = new ConcurrentHashMap<>();

  private final ExceptionHandler exceptionHandler =
      ExceptionHandler.newBuilder().matchAny(this::answer).build();
  private final RejectionHandler rejectionHandler = rejectionHandler();

  public Route wrap(Route route) {
    return extractActorSystem(
        system ->
            withRequestTimeoutResponse(
                request -> requestTimedOut(system, request),
                () ->
                    handleExceptions(
                        exceptionHandler, () -> handleRejections(rejectionHandler, () -> route))));
  }

  public static HttpResponse response(ApiProblem problem) {
    var body = new LinkedHashMap<String, Object>();
    body.put("type", TYPE_BASE + slug(problem.status()));
    body.put("title", problem.title());
    body.put("status", problem.status().intValue());
    body.put("detail", problem.detail());
    List<HttpHeader> headers = new ArrayList<>();
    problem.headers().forEach((name, value) -> headers.add(RawHeader.create(name, value)));
    return HttpResponse.create()
        .withStatus(problem.status())
        .withHeaders(headers)
        .withEntity(HttpEntities.create(PROBLEM_JSON, Json.write(body)));
  }

  private static String slug(StatusCode status) {
    return SLUGS.computeIfAbsent(
        status.intValue(),
        code -> status.reason().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
  }

  private Route answer(Throwable failure) {
    Throwable cause = Stages.unwrap(failure);
    if (cause instanceof ApiProblem problem) {
      return complete(response(problem));
    }
    if (cause instanceof Rejected rejected) {
      return complete(response(ApiProblem.from(rejected.rejection())));
    }
    if (cause instanceof EntityStreamSizeException tooBig) {
      return complete(response(tooLarge(tooBig)));
    }
    if (cause instanceof ReadModelBuilding building) {
      return extractActorSystem(
          system ->
              complete(
                  response(
                      Overload.get(system)
                          .serviceUnavailable("Being built", building.getMessage()))));
    }
    if (Unavailability.isUnavailable(failure)) {
      return extractActorSystem(
          system -> complete(response(Overload.get(system).unavailableProblem(cause.toString()))));
    }
    log.error("Request failed", failure);
    return complete(
        response(
            new ApiProblem(
                StatusCodes.INTERNAL_SERVER_ERROR,
                "Internal server error",
                "an unexpected error occurred")));
  }

  /** The answer when pekko-http's request timeout fires before the route completed. */
  static HttpResponse requestTimedOut(ActorSystem system, HttpRequest request) {
    return response(
        Overload.get(system)
            .unavailableProblem(
                "no answer within pekko.http.server.request-timeout for "
                    + request.method().name()
                    + " "
                    + request.getUri().path()));
  }

  private static ApiProblem tooLarge(EntityStreamSizeException tooBig) {
    return new ApiProblem(
        StatusCodes.PAYLOAD_TOO_LARGE,
        "Payload too large",
        "the request body is larger than the limit of " + tooBig.limit() + " bytes");
  }

  private RejectionHandler rejectionHandler() {
    return RejectionHandler.newBuilder()
        .handleAll(
            MethodRejection.class,
            rejections -> {
              String allowed =
                  rejections.stream()
                      .map(r -> r.supported().name())
                      .distinct()
                      .collect(Collectors.joining(", "));
              return complete(
                  response(
                      new ApiProblem(
                          StatusCodes.METHOD_NOT_ALLOWED,
                          "Method not allowed",
                          "this path supports " + allowed,
                          Map.of("Allow", allowed))));
            })
        .handle(
            MalformedRequestContentRejection.class,
            r ->
                complete(
                    response(
                        r.getCause() instanceof EntityStreamSizeException tooBig
                            ? tooLarge(tooBig)
                            : ApiProblem.badRequest(r.message()))))
        .handle(
            MalformedQueryParamRejection.class,
            r ->
                complete(
                    response(
                        ApiProblem.badRequest(
                            "query parameter '" + r.parameterName() + "': " + r.errorMsg()))))
        .handle(
            UnsupportedRequestContentTypeRejection.class,
            r -> complete(response(ApiProblem.unsupportedMediaType("unsupported Content-Type"))))
        .handle(
            AuthenticationFailedRejection.class,
            r ->
                complete(
                    response(
                        ApiProblem.unauthorized(
                            r.cause() instanceof AuthenticationFailedRejection.CredentialsMissing
                                ? "a bearer token is required"
                                : "the token is invalid, expired or revoked"))))
        .handleNotFound(complete(response(ApiProblem.notFound(NO_SUCH_RESOURCE))))
        .build()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(ProblemHandling::asProblem);
  }

  /** Turns whatever the default rejection handler produced into problem+json. */
  private static HttpResponse asProblem(HttpResponse response) {
    if (response.entity().getContentType().equals(PROBLEM_JSON)) {
      return response;
    }
    String text =
        response.entity() instanceof org.apache.pekko.http.javadsl.model.HttpEntity.Strict strict
            ? strict.getData().utf8String()
            : response.status().defaultMessage();
    var problem = new ApiProblem(response.status(), response.status().reason(), text);
    return response(problem).withHeaders(response.getHeaders());
  }
}
