package dev.starling.http.auth;

import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Rejections;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The bearer-token directive: the inner route gets the caller's user id. A missing or bad token
 * rejects (rather than fails) the request, so a wrong method on a public path still answers 405.
 */
public final class Authenticator extends AllDirectives {
  private static final String SCHEME = "Bearer ";
  private static final HttpChallenge CHALLENGE = HttpChallenge.create("Bearer", "starling");
  private final TokenService tokens;

  public Authenticator(TokenService tokens) {
    this.tokens = tokens;
  }

  public Route authenticated(Function<Long, Route> inner) {
    return optionalHeaderValueByName(
        "Authorization",
        header -> {
          Optional<String> token =
              header
                  .filter(h -> h.regionMatches(true, 0, SCHEME, 0, SCHEME.length()))
                  .map(h -> h.substring(SCHEME.length()).trim())
                  .filter(t -> !t.isEmpty());
          if (token.isEmpty()) {
            return reject(Rejections.authenticationCredentialsMissing(CHALLENGE));
          }
          return onSuccess(
              tokens.authenticate(token.get()),
              userId ->
                  userId
                      .map(inner)
                      .orElseGet(
                          () -> reject(Rejections.authenticationCredentialsRejected(CHALLENGE))));
        });
  }
}
