package dev.starling.http;

import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Requests so malformed that no route sees them (a request-target with bad percent-encoding or raw
 * non-ASCII bytes, an unparseable header, a request line over the limit) are answered by
 * pekko-http's server layer, as plain text by default; this makes them problem+json like every
 * other 4xx. Configured as {@code pekko.http.server.parsing.error-handler}.
 */
public final class ProblemParsingErrorHandler extends ParsingErrorHandler {
  @Override
  public HttpResponse handle(
      StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    log.warning("Illegal request, responding with status '{}': {}", status, info.formatPretty());
    String detail = settings.verboseErrorMessages() ? info.formatPretty() : info.summary();
    return ProblemHandling.response(new ApiProblem(status, status.reason(), detail));
  }
}
