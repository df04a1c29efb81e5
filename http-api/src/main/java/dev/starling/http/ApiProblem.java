package dev.starling.http;

import dev.starling.common.Rejection;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * A failure the client should see as an RFC 9457 problem. Thrown (or used to fail a
 * CompletionStage) anywhere below the routes; {@link ProblemHandling} renders it.
 */
public final class ApiProblem extends RuntimeException {
  private final StatusCode status;
  private final String title;
  private final Map<String, String> headers;

  public ApiProblem(StatusCode status, String title, String detail, Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.headers = headers;
  }

  public ApiProblem(StatusCode status, String title, String detail) {
    this(status, title, detail, Map.of());
  }

  public StatusCode status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public Map<String, String> headers() {
    return headers;
  }

  public static ApiProblem badRequest(String detail) {
    return new ApiProblem(StatusCodes.BAD_REQUEST, "Bad request", detail);
  }

  public static ApiProblem unauthorized(String detail) {
    return new ApiProblem(
        StatusCodes.UNAUTHORIZED,
        "Unauthorized",
        detail,
        Map.of("WWW-Authenticate", "Bearer realm=\"starling\""));
  }

  public static ApiProblem forbidden(String detail) {
    return new ApiProblem(StatusCodes.FORBIDDEN, "Forbidden", detail);
  }

  public static ApiProblem notFound(String detail) {
    return new ApiProblem(StatusCodes.NOT_FOUND, "Not found", detail);
  }

  public static ApiProblem conflict(String detail) {
    return new ApiProblem(StatusCodes.CONFLICT, "Conflict", detail);
  }

  public static ApiProblem unprocessable(String detail) {
    return new ApiProblem(StatusCodes.UNPROCESSABLE_ENTITY, "Unprocessable entity", detail);
  }

  public static ApiProblem unsupportedMediaType(String detail) {
    return new ApiProblem(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", detail);
  }

  public static ApiProblem from(Rejection rejection) {
    return switch (rejection.kind()) {
      case INVALID -> unprocessable(rejection.message());
      case NOT_FOUND -> notFound(rejection.message());
      case FORBIDDEN -> forbidden(rejection.message());
      case CONFLICT -> conflict(rejection.message());
    };
  }
}
