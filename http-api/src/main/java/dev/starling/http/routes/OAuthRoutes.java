package dev.starling.http.routes;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.starling.app.AccountService;
import dev.starling.http.ApiDirectives;
import dev.starling.http.Json;
import dev.starling.http.auth.TokenService;
import dev.starling.http.dto.TokenResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;

/**
 * {@code POST /oauth/token} (password and refresh_token grants), {@code POST /oauth/revoke}, and
 * signing out everywhere. Errors here follow RFC 6749 ({@code {"error": "invalid_grant"}}), not
 * problem+json, because OAuth client libraries expect that shape.
 */
public final class OAuthRoutes extends ApiDirectives {
  private static final String SCOPE = "read write";
  // RFC 6749 5.1: responses carrying tokens must not be cached anywhere
  private static final List<HttpHeader> NOT_STORED =
      List.of(
          CacheControl.create(CacheDirectives.NO_STORE), RawHeader.create("Pragma", "no-cache"));
  private final AccountService accounts;
  private final TokenService tokens;

  public OAuthRoutes(AccountService accounts, TokenService tokens) {
    this.accounts = accounts;
    this.tokens = tokens;
  }

  public Route routes() {
    return pathPrefix(
        "oauth",
        () ->
            respondWithHeaders(
                NOT_STORED,
                () ->
                    concat(
                        path("token", () -> post(() -> parameters(this::token))),
                        path("revoke", () -> post(() -> parameters(this::revoke))))));
  }

  /** {@code DELETE /api/v1/users/me/sessions}: signs the caller out everywhere. */
  public Route sessionRoutes(long callerId) {
    return path(
        PathMatchers.segment("users").slash("me").slash("sessions"),
        () ->
            delete(
                () ->
                    bodyless(
                        () ->
                            await(
                                tokens.revokeAll(callerId),
                                done -> complete(StatusCodes.NO_CONTENT)))));
  }

  private Route token(Map<String, String> params) {
    String grantType = params.get("grant_type");
    if (grantType == null) {
      return oauthError("invalid_request", "grant_type is required");
    }
    return switch (grantType) {
      case "password" -> {
        String username = params.get("username");
        String password = params.get("password");
        if (username == null || password == null) {
          yield oauthError("invalid_request", "username and password are required");
        }
        yield granted(
            accounts
                .authenticate(username, password)
                .thenCompose(
                    userId ->
                        userId.isEmpty()
                            ? CompletableFuture.completedFuture(
                                Optional.<TokenService.Grant>empty())
                            : tokens.issue(userId.get()).thenApply(Optional::of)),
            "invalid username or password");
      }
      case "refresh_token" -> {
        String refreshToken = params.get("refresh_token");
        if (refreshToken == null) {
          yield oauthError("invalid_request", "refresh_token is required");
        }
        yield granted(
            tokens.refresh(refreshToken), "the refresh token is invalid, expired or used");
      }
      default -> oauthError("unsupported_grant_type", "supported: password, refresh_token");
    };
  }

  private Route granted(CompletionStage<Optional<TokenService.Grant>> grant, String failure) {
    return await(
        grant,
        issued ->
            issued
                .map(
                    g ->
                        json(
                            StatusCodes.OK,
                            new TokenResponse(
                                g.accessToken(),
                                "Bearer",
                                g.expiresInSeconds(),
                                g.refreshToken(),
                                SCOPE)))
                .orElseGet(() -> oauthError("invalid_grant", failure)));
  }

  private Route revoke(Map<String, String> params) {
    String token = params.get("token");
    if (token == null) {
      return oauthError("invalid_request", "token is required");
    }
    return await(tokens.revoke(token), done -> json(StatusCodes.OK, Map.of()));
  }

  private Route oauthError(String error, String description) {
    var body = new LinkedHashMap<String, String>();
    body.put("error", error);
    body.put("error_description", description);
    return json(StatusCodes.BAD_REQUEST, body);
  }

  /** Form-encoded or JSON request parameters, as RFC 6749 clients send either. */
  private Route parameters(Function<Map<String, String>, Route> inner) {
    return withSizeLimit(
        JSON_BODY_LIMIT,
        () ->
            extractRequestEntity(
                entity -> {
                  var mediaType = entity.getContentType().mediaType();
                  if (mediaType.equals(MediaTypes.APPLICATION_X_WWW_FORM_URLENCODED)) {
                    // the default rejection would echo the body, password included
                    return handleRejections(
                        RejectionHandler.newBuilder()
                            .handle(
                                MalformedRequestContentRejection.class,
                                r ->
                                    r.getCause() instanceof EntityStreamSizeException tooBig
                                        ? failWith(tooBig) // 413, as for every other body
                                        : oauthError(
                                            "invalid_request",
                                            "the body is not valid form encoding (encode spaces"
                                                + " as + or %20)"))
                            .build(),
                        () -> formFieldMap(inner));
                  }
                  if (mediaType.equals(MediaTypes.APPLICATION_JSON)) {
                    return entity(
                        Unmarshaller.entityToString(),
                        body -> {
                          Map<String, String> params;
                          try {
                            params =
                                Json.MAPPER.readValue(
                                    body, new TypeReference<Map<String, String>>() {});
                          } catch (Exception e) {
                            return oauthError(
                                "invalid_request", "the body must be a JSON object of strings");
                          }
                          return inner.apply(params == null ? Map.of() : params);
                        });
                  }
                  return oauthError(
                      "invalid_request",
                      "send application/x-www-form-urlencoded or application/json");
                }));
  }
}
