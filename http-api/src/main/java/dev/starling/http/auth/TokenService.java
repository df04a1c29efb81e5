package dev.starling.http.auth;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.starling.read.store.Cql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Opaque OAuth2 bearer tokens: 256 random bits, of which only the SHA-256 is stored, with the
 * expiry as the row's TTL. Opaque rather than JWT because revocation must take effect at once and a
 * restart must keep sessions: both come for free from a table lookup, and a small cache keeps that
 * lookup off the hot path. Refresh tokens are single-use: a lightweight transaction deletes the old
 * one, so two concurrent refreshes cannot both succeed.
 */
public final class TokenService {
  public record Grant(
      String accessToken, String refreshToken, long expiresInSeconds, long userId) {}

  private record Stored(long userId, Instant expiresAt) {}

  private final SecureRandom random = new SecureRandom();
  private final Cql cql;
  private final Clock clock;
  private final Duration accessTtl;
  private final Duration refreshTtl;
  private final PreparedStatement insertAccess;
  private final PreparedStatement insertRefresh;
  private final PreparedStatement selectAccess;
  private final PreparedStatement selectRefresh;
  private final PreparedStatement consumeRefresh;
  private final PreparedStatement deleteAccess;
  private final PreparedStatement deleteRefresh;
  private final AsyncCache<String, Optional<Stored>> accessCache;

  public TokenService(
      Cql cql, Clock clock, Duration accessTtl, Duration refreshTtl, Duration cacheTtl) {
    this.cql = cql;
    this.clock = clock;
    this.accessTtl = accessTtl;
    this.refreshTtl = refreshTtl;
    insertAccess =
        cql.prepare(
            "INSERT INTO ${keyspace}.access_tokens (token_hash, user_id, expires_at) VALUES (?, ?,"
                + " ?) USING TTL ?");
    insertRefresh =
        cql.prepare(
            "INSERT INTO ${keyspace}.refresh_tokens (token_hash, user_id, expires_at) VALUES (?, ?,"
                + " ?) USING TTL ?");
    selectAccess =
        cql.prepare(
            "SELECT user_id, expires_at FROM ${keyspace}.access_tokens WHERE token_hash = ?");
    selectRefresh =
        cql.prepare(
            "SELECT user_id, expires_at FROM ${keyspace}.refresh_tokens WHERE token_hash = ?");
    consumeRefresh =
        cql.prepare("DELETE FROM ${keyspace}.refresh_tokens WHERE token_hash = ? IF EXISTS");
    deleteAccess = cql.prepare("DELETE FROM ${keyspace}.access_tokens WHERE token_hash = ?");
    deleteRefresh = cql.prepare("DELETE FROM ${keyspace}.refresh_tokens WHERE token_hash = ?");
    accessCache =
        Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(cacheTtl).buildAsync();
  }

  public CompletionStage<Grant> issue(long userId) {
    String access = newToken();
    String refresh = newToken();
    Instant now = clock.instant();
    return cql.run(
            insertAccess, hash(access), userId, now.plus(accessTtl), (int) accessTtl.toSeconds())
        .thenCompose(
            done ->
                cql.run(
                    insertRefresh,
                    hash(refresh),
                    userId,
                    now.plus(refreshTtl),
                    (int) refreshTtl.toSeconds()))
        .thenApply(done -> new Grant(access, refresh, accessTtl.toSeconds(), userId));
  }

  /** The user an unexpired, unrevoked access token belongs to. */
  public CompletionStage<Optional<Long>> authenticate(String accessToken) {
    String key = hash(accessToken);
    return accessCache
        .get(
            key,
            (k, executor) ->
                cql.one(selectAccess, row -> new Stored(row.getLong(0), row.getInstant(1)), k)
                    .toCompletableFuture())
        .thenApply(
            stored -> {
              if (stored.isEmpty()) {
                // a token is never un-revoked, but it may have been issued on another node a moment
                // ago
                accessCache.synchronous().invalidate(key);
              }
              return stored.filter(s -> s.expiresAt().isAfter(clock.instant())).map(Stored::userId);
            });
  }

  /** Exchanges a refresh token for a new pair; the old refresh token stops working. */
  public CompletionStage<Optional<Grant>> refresh(String refreshToken) {
    String key = hash(refreshToken);
    return cql.one(selectRefresh, row -> new Stored(row.getLong(0), row.getInstant(1)), key)
        .thenCompose(
            stored -> {
              if (stored.isEmpty() || !stored.get().expiresAt().isAfter(clock.instant())) {
                return CompletableFuture.completedFuture(Optional.empty());
              }
              return cql.execute(consumeRefresh, key)
                  .thenCompose(
                      rs ->
                          rs.wasApplied()
                              ? issue(stored.get().userId()).thenApply(Optional::of)
                              : CompletableFuture.completedFuture(Optional.<Grant>empty()));
            });
  }

  /** Revokes an access or refresh token (RFC 7009: unknown tokens are not an error). */
  public CompletionStage<Void> revoke(String token) {
    String key = hash(token);
    accessCache.synchronous().invalidate(key);
    return cql.run(deleteAccess, key).thenCompose(done -> cql.run(deleteRefresh, key));
  }

  private String newToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String hash(String token) {
    try {
      var digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
